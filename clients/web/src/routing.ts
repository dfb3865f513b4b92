import { useEffect, useState } from "react";

export type Route =
  | { page: "courses"; id?: string }
  | { page: "lesson"; id: string }
  | { page: "review" }
  | { page: "profile" }
  | { page: "plans" }
  | { page: "insights" }
  | { page: "reports" };

/**
 * `#/courses[/<id>]`, `#/lessons/<id>`, `#/review`, `#/profile`, `#/plans`, `#/insights`,
 * `#/staff/reports`; anything else is the course list.
 */
export function parseRoute(hash: string): Route {
  const [page, id] = hash.replace(/^#\/?/, "").split("/");
  if (page === "lessons" && id) return { page: "lesson", id: decodeURIComponent(id) };
  if (page === "courses" && id) return { page: "courses", id: decodeURIComponent(id) };
  if (page === "review" || page === "profile" || page === "plans" || page === "insights") return { page };
  if (page === "staff" && id === "reports") return { page: "reports" };
  return { page: "courses" };
}

export const lessonHref = (id: string) => `#/lessons/${encodeURIComponent(id)}`;
export const courseHref = (id: string) => `#/courses/${encodeURIComponent(id)}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
