import { ApolloProvider } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { createApi, type Api } from "../apollo/client";
import { useSession } from "../auth/session";
import type { WebConfig } from "../config";
import { useMeQuery } from "../generated/hooks";
import { useRoute, type Route } from "../routing";
import { Bell } from "./Bell";
import { Courses } from "./Courses";
import { ErrorBox } from "./ErrorBox";
import { LessonPage } from "./LessonPage";
import { LiveUpdates } from "./LiveUpdates";
import { Profile } from "./Profile";
import { Review } from "./Review";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "lesson":
      return <LessonPage key={route.id} id={route.id} />;
    case "review":
      return <Review />;
    case "profile":
      return <Profile />;
    default:
      return <Courses selected={route.id} />;
  }
}

function Shell() {
  const route = useRoute();
  const { signOut } = useSession();
  const me = useMeQuery();
  const user = me.data?.me;
  return (
    <>
      <header>
        <h1>Learnloop</h1>
        <nav>
          <a href="#/courses" data-testid="nav-courses" aria-current={route.page === "courses" || route.page === "lesson"}>
            Courses
          </a>
          <a href="#/review" data-testid="nav-review" aria-current={route.page === "review"}>
            Review
          </a>
          <a href="#/profile" data-testid="nav-profile" aria-current={route.page === "profile"}>
            Profile
          </a>
        </nav>
        {user && (
          <>
            <span className="stats">
              <span data-testid="header-xp">{user.xp}</span> XP · level {user.level} · {user.currentStreak}-day streak
            </span>
            <Bell userId={user.id} unread={user.unreadNotificationCount} />
          </>
        )}
        <button data-testid="signout" onClick={signOut}>
          Sign out
        </button>
      </header>
      <ErrorBox error={me.error} />
      <LiveUpdates />
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

/** One API client (and cache, and WebSocket) per signed-in session; gone on sign-out. */
export function App({ config }: { config: WebConfig }) {
  const session = useSession();
  const [api, setApi] = useState<Api | null>(null);
  const { key, getToken } = session;
  useEffect(() => {
    if (!key) return setApi(null);
    const created = createApi(config, getToken);
    setApi(created);
    return () => void created.dispose().catch(() => undefined);
  }, [config, key, getToken]);
  if (!key) return <main>{session.signInView}</main>;
  if (!api) return null;
  return (
    <ApolloProvider client={api.client}>
      <Shell />
    </ApolloProvider>
  );
}
