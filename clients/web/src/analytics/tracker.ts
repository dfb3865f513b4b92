import type { ApolloClient } from "@apollo/client";
import { TrackDocument } from "../generated/graphql";
import { parseRoute } from "../routing";
import { EventBatcher } from "./batcher";

/** The longest SESSION_END track accepts. */
const MAX_SESSION_SECONDS = 86_400;

/** The screen's name as analytics stores it: the route's page, such as "insights" or "lesson". */
const screenOf = (hash: string) => parseRoute(hash).page;

/**
 * The signed-in session's own events, through the app's Apollo client (same endpoint, token,
 * persisted ids and Idempotency-Key as every other mutation): SESSION_START when a session
 * begins (sign-in, or the tab shown again), SCREEN_VIEW on each route, SESSION_END with its
 * length when the tab is hidden or the page goes away, sent then with fetch's keepalive so it
 * outlives the page. Returns the function that stops tracking (sign-out): what is still queued
 * is dropped then, as the session's token is already gone.
 */
export function startTracking(client: ApolloClient, target: Window = window): () => void {
  const batcher = new EventBatcher(
    async (events, { keepalive }) => {
      await client.mutate({
        mutation: TrackDocument,
        variables: { events },
        fetchPolicy: "no-cache",
        context: { fetchOptions: { keepalive } },
      });
    },
    {
      // fetch rejects with a TypeError when the request never got an answer.
      isTransient: (error) => error instanceof TypeError,
      onDrop: (error, events) => {
        if (import.meta.env.DEV) console.warn(`analytics: ${events} client event(s) dropped`, error);
      },
    },
  );
  const now = () => new Date().toISOString();
  let startedAt: number | null = null;

  const begin = () => {
    startedAt = Date.now();
    batcher.add({ type: "SESSION_START", occurredAt: now() });
    batcher.add({ type: "SCREEN_VIEW", occurredAt: now(), screen: screenOf(target.location.hash) });
  };
  const end = () => {
    if (startedAt === null) return;
    const seconds = Math.min(MAX_SESSION_SECONDS, Math.max(0, Math.round((Date.now() - startedAt) / 1000)));
    startedAt = null;
    batcher.add({ type: "SESSION_END", occurredAt: now(), durationSeconds: seconds });
    void batcher.flush(true);
  };
  const onRoute = () => {
    if (startedAt !== null) batcher.add({ type: "SCREEN_VIEW", occurredAt: now(), screen: screenOf(target.location.hash) });
  };
  const onVisibility = () => (target.document.visibilityState === "hidden" ? end() : startedAt === null && begin());

  begin();
  target.addEventListener("hashchange", onRoute);
  target.addEventListener("pagehide", end);
  target.document.addEventListener("visibilitychange", onVisibility);
  return () => {
    target.removeEventListener("hashchange", onRoute);
    target.removeEventListener("pagehide", end);
    target.document.removeEventListener("visibilitychange", onVisibility);
    batcher.stop();
  };
}
