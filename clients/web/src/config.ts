/** How operations travel: `apq` sends a hash and, when the gateway asks, the text; `locked` sends manifest ids only. */
export type PersistedMode = "apq" | "locked";

export interface WebConfig {
  httpUrl: string;
  wsUrl: string;
  persisted: PersistedMode;
  clerkPublishableKey?: string;
}

/** The WebSocket URL of the same endpoint: graphql-ws runs on the gateway's /graphql path. */
export function toWebSocketUrl(httpUrl: string, base: string): string {
  const url = new URL(httpUrl, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

export function readConfig(env: ImportMetaEnv = import.meta.env): WebConfig {
  const httpUrl = env.VITE_GATEWAY_URL || "/graphql";
  const persisted = env.VITE_PERSISTED || "apq";
  if (persisted !== "apq" && persisted !== "locked") throw new Error(`VITE_PERSISTED must be "apq" or "locked", not "${persisted}"`);
  return {
    httpUrl,
    wsUrl: toWebSocketUrl(httpUrl, window.location.href),
    persisted,
    clerkPublishableKey: env.VITE_CLERK_PUBLISHABLE_KEY || undefined,
  };
}
