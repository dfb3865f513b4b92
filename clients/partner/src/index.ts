import fs from "node:fs";
import path from "node:path";

/** Apollo's persisted-query manifest, as published to partners (schema/persisted/partner.json). */
export interface PartnerManifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: { id: string; name: string; type: string; body: string }[];
}

export interface PartnerClientOptions {
  /** `llp_...`, from `npm run partner-key -- create`. */
  apiKey: string;
  /** Defaults to http://localhost:4000/partner/graphql (the gateway under `npm start`). */
  url?: string;
  manifest?: PartnerManifest;
  /** How many times a RATE_LIMITED answer is retried after its retry-after (0 to fail at once). */
  rateLimitRetries?: number;
  /** Told before each wait for a retry; by default a line on stderr, so a pause is never silent. */
  onRateLimited?: (wait: RateLimitWait) => void;
  fetch?: typeof fetch;
}

/** A wait before retrying a RATE_LIMITED answer. */
export interface RateLimitWait {
  operationName: string;
  /** What the gateway asked for (Retry-After / extensions.retryAfter), if it said. */
  retryAfterSeconds?: number;
  /** What the client waits: that, at most MAX_WAIT_SECONDS (1 s when the gateway did not say). */
  waitSeconds: number;
  /** 1 for the first retry. */
  retry: number;
  retries: number;
  requestId?: string;
}

/** The longest wait for a retry; a longer Retry-After is cut to this. */
export const MAX_WAIT_SECONDS = 60;

const tellOnStderr = (w: RateLimitWait) =>
  process.stderr.write(
    `learnloop-partner: ${w.operationName} is rate limited (RATE_LIMITED${w.requestId ? `, request ${w.requestId}` : ""}); ` +
      `waiting ${w.waitSeconds} s` +
      (w.retryAfterSeconds === undefined
        ? " (no Retry-After given)"
        : w.retryAfterSeconds > w.waitSeconds
          ? ` (Retry-After asks ${w.retryAfterSeconds} s; the client waits at most ${MAX_WAIT_SECONDS} s)`
          : " (Retry-After)") +
      `, then retry ${w.retry} of ${w.retries}\n`,
  );

/** A GraphQL error from the partner endpoint, with what a caller needs to act on it or report it. */
export class PartnerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly requestId?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "PartnerError";
  }
}

export const DEFAULT_MANIFEST_PATH = path.resolve(__dirname, "..", "..", "..", "schema", "persisted", "partner.json");

/** The partner manifest: `file`, else LEARNLOOP_PARTNER_MANIFEST, else the repository's schema/persisted/partner.json. */
export function readManifest(file = process.env.LEARNLOOP_PARTNER_MANIFEST || DEFAULT_MANIFEST_PATH): PartnerManifest {
  if (!fs.existsSync(file))
    throw new Error(`no partner manifest at ${file}: set LEARNLOOP_PARTNER_MANIFEST to your copy of partner.json (or pass \`manifest\`)`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as PartnerManifest;
}

/**
 * Calls Learnloop's partner operations by name. Only the operation's id is sent, never its text:
 * the partner endpoint runs nothing else.
 */
export class PartnerClient {
  private readonly ids: Map<string, string>;
  private readonly url: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: PartnerClientOptions) {
    const manifest = options.manifest ?? readManifest();
    this.ids = new Map(manifest.operations.map((op) => [op.name, op.id]));
    this.url = options.url ?? "http://localhost:4000/partner/graphql";
    this.fetch = options.fetch ?? fetch;
  }

  operations(): string[] {
    return [...this.ids.keys()].sort();
  }

  async call<T = Record<string, unknown>>(operationName: string, variables: Record<string, unknown> = {}): Promise<T> {
    const id = this.ids.get(operationName);
    if (!id)
      throw new PartnerError(`No partner operation named ${operationName}; known: ${this.operations().join(", ")}`, "UNKNOWN_OPERATION", 0);
    const retries = this.options.rateLimitRetries ?? 1;
    for (let retry = 1; ; retry++) {
      try {
        return await this.send<T>(operationName, id, variables);
      } catch (err) {
        if (!(err instanceof PartnerError) || err.code !== "RATE_LIMITED" || retry > retries) throw err;
        const waitSeconds = Math.min(err.retryAfterSeconds ?? 1, MAX_WAIT_SECONDS);
        const wait = { operationName, retryAfterSeconds: err.retryAfterSeconds, waitSeconds, retry, retries, requestId: err.requestId };
        (this.options.onRateLimited ?? tellOnStderr)(wait);
        await new Promise((r) => setTimeout(r, waitSeconds * 1000));
      }
    }
  }

  private async send<T>(operationName: string, id: string, variables: Record<string, unknown>): Promise<T> {
    const res = await this.fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.options.apiKey}` },
      body: JSON.stringify({ operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      data?: T | null;
      errors?: { message: string; extensions?: { code?: string; requestId?: string; retryAfter?: number } }[];
    };
    const first = body.errors?.[0];
    if (first) {
      const retryAfter = first.extensions?.retryAfter ?? (Number(res.headers.get("retry-after")) || undefined);
      throw new PartnerError(first.message, first.extensions?.code ?? "UNKNOWN", res.status, first.extensions?.requestId, retryAfter);
    }
    if (!res.ok || !body.data) throw new PartnerError(`HTTP ${res.status} without a GraphQL answer`, "BAD_RESPONSE", res.status);
    return body.data;
  }
}
