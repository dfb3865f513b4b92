import { ApolloProvider } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { startTracking } from "../analytics/tracker";
import { createApi, type Api } from "../apollo/client";
import { useSession } from "../auth/session";
import type { WebConfig } from "../config";
import { PageSkeleton } from "../ui/PageSkeleton";
import { Shell } from "./Shell";

/** One API client (and cache, and WebSocket) per signed-in session; gone on sign-out or expiry. */
export function App({ config }: { config: WebConfig }) {
  const session = useSession();
  const [api, setApi] = useState<Api | null>(null);
  const { key, getToken, expire } = session;
  useEffect(() => {
    if (!key) return setApi(null);
    const created = createApi(config, getToken, expire);
    setApi(created);
    const stopTracking = startTracking(created.client);
    return () => {
      stopTracking();
      void created.dispose().catch(() => undefined);
    };
  }, [config, key, getToken, expire]);
  if (!key) return session.signInView;
  if (!api) return <PageSkeleton />;
  return (
    <ApolloProvider client={api.client}>
      <Shell />
    </ApolloProvider>
  );
}
