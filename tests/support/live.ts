import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import WebSocket from "ws";

export interface LiveConnection {
  client: Client;
  /** How the socket closed, once it has. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** A real graphql-ws client over a real WebSocket, without retries, as a browser would connect. */
export function connect(
  gatewayUrl: string,
  connectionParams: Record<string, unknown> = {},
  webSocketImpl: typeof WebSocket = WebSocket,
): LiveConnection {
  let onClosed!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: gatewayUrl.replace(/^http/, "ws"),
    webSocketImpl,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: { closed: (e) => onClosed({ code: (e as { code: number }).code, reason: String((e as { reason?: string }).reason ?? "") }) },
    onNonLazyError: () => undefined,
  });
  return { client, closed, dispose: () => client.dispose() as Promise<void> };
}

export interface LiveSubscription {
  results: ExecutionResult<any, any>[];
  /** The `error` message, or the socket's close, that ended it. */
  error?: unknown;
  completed: boolean;
  /** Resolves with the n-th result (1-based) once it has arrived. */
  nth(n: number, timeoutMs?: number): Promise<ExecutionResult<any, any>>;
  stop(): void;
}

export function subscribe(
  connection: LiveConnection,
  query: string,
  options: { variables?: Record<string, unknown>; extensions?: Record<string, unknown> } = {},
): LiveSubscription {
  const sub: LiveSubscription = {
    results: [],
    completed: false,
    async nth(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (sub.results.length < n) {
        if (sub.error) throw new Error(`subscription failed: ${JSON.stringify(sub.error)}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for result ${n}; got ${JSON.stringify(sub.results)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return sub.results[n - 1];
    },
    stop: () => undefined,
  };
  sub.stop = connection.client.subscribe(
    { query, variables: options.variables, extensions: options.extensions },
    {
      next: (r) => void sub.results.push(r),
      error: (e) => (sub.error = e),
      complete: () => (sub.completed = true),
    },
  );
  return sub;
}
