import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { OperationTypeNode } from "graphql";
import { createClient, type Client } from "graphql-ws";
import type { WebConfig } from "../config";
import { IdempotencyLink } from "./idempotency";
import { operationHasher, persistedQueryLink } from "./persisted";
import { PersistedWsLink } from "./ws-link";

/** Returns the session token (a dev token or Clerk's), or null when signed out. */
export type TokenSource = () => Promise<string | null>;

export interface Api {
  client: ApolloClient;
  ws: Client;
  /** Closes the WebSocket and forgets every cached result (on sign-out). */
  dispose(): Promise<void>;
}

/**
 * HTTP for queries and mutations, graphql-ws for subscriptions; both persisted as the config says.
 * Every mutation carries an Idempotency-Key, whichever transport it takes.
 */
/** The close code the gateway's graphql-ws server sends for a refused token. */
export const UNAUTHORIZED_CLOSE = 4401;

/** The gateway refused the credential: 401, or UNAUTHENTICATED from a request that carried one. */
export function isUnauthenticated(error: unknown): boolean {
  if (ServerError.is(error)) return error.statusCode === 401;
  if (CombinedGraphQLErrors.is(error)) return error.errors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
  return false;
}

export function createLink(
  config: Pick<WebConfig, "httpUrl" | "persisted">,
  getToken: TokenSource,
  ws: Client,
  fetchImpl?: typeof fetch,
  onUnauthenticated: () => void = () => undefined,
): ApolloLink {
  const auth = new SetContextLink(async (prev) => {
    const token = await getToken();
    return token ? { headers: { ...prev.headers, authorization: `Bearer ${token}` } } : {};
  });
  const http = ApolloLink.from([auth, persistedQueryLink(config.persisted), new HttpLink({ uri: config.httpUrl, fetch: fetchImpl })]);
  const live = new PersistedWsLink(ws, config.persisted, operationHasher(config.persisted));
  const expiry = new ErrorLink(({ error }) => {
    if (isUnauthenticated(error)) onUnauthenticated();
  });
  return ApolloLink.from([
    expiry,
    new IdempotencyLink(),
    ApolloLink.split((op) => op.operationType === OperationTypeNode.SUBSCRIPTION, live, http),
  ]);
}

export const createApolloClient = (link: ApolloLink) => new ApolloClient({ link, cache: new InMemoryCache() });

export function createApi(config: WebConfig, getToken: TokenSource, onUnauthenticated?: () => void): Api {
  const ws = createClient({
    url: config.wsUrl,
    lazy: true,
    // The gateway reads `authorization` from the connection params, once per connection.
    connectionParams: async () => {
      const token = await getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: 5,
    // The gateway refuses a connection whose token it no longer accepts with 4401 (a laptop that
    // slept past the token's life): the same as a 401 over HTTP, back to sign-in.
    shouldRetry: (event) => (event as { code?: number }).code !== UNAUTHORIZED_CLOSE,
    on: {
      closed: (event) => {
        if ((event as { code?: number }).code === UNAUTHORIZED_CLOSE) onUnauthenticated?.();
      },
    },
  });
  const client = createApolloClient(createLink(config, getToken, ws, undefined, onUnauthenticated));
  return {
    client,
    ws,
    async dispose() {
      await ws.dispose();
      await client.clearStore();
    },
  };
}
