import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { sha256Hex, type PersistedManifest } from "./manifest";

/** `register`: the hash to remember the text under, once the operation has passed validation and limits. */
export type ResolvedText = { ok: true; query: string; register?: string } | { ok: false; code: string; message: string };

/** Apollo Server reads through its `apq:` prefix; the WebSocket path uses bare ids. */
const withoutPrefix = (key: string) => (key.startsWith("apq:") ? key.slice(4) : key);

/**
 * First-party persisted queries. Apollo Server's APQ cache (keys `apq:<sha256>`) is layered over the
 * web client's manifest: a build locked to the manifest sends ids only and they always resolve;
 * other clients register text by APQ, kept in a bounded LRU. The WebSocket path resolves through
 * the same store, so a subscription needs no text either.
 */
export class FirstPartyQueries implements KeyValueCache<string> {
  // Bounded by bytes of text and by entries (keys and per-entry overhead are not in the byte count).
  private readonly registered = new InMemoryLRUCache<string>({ maxSize: 30 * 1024 * 1024, max: 20_000 });

  constructor(private readonly manifest: PersistedManifest) {}

  async get(key: string): Promise<string | undefined> {
    const id = withoutPrefix(key);
    return this.manifest.get(id)?.body ?? (await this.registered.get(id));
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const id = withoutPrefix(key);
    if (!this.manifest.has(id)) await this.registered.set(id, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    return this.registered.delete(withoutPrefix(key));
  }

  /** APQ on a graphql-ws subscribe: `query` may be empty when `extensions.persistedQuery` names it. */
  async resolve(query: string | undefined, extensions: Record<string, unknown> | undefined): Promise<ResolvedText> {
    const persisted = extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
    if (!persisted) return { ok: true, query: query ?? "" };
    if (persisted.version !== 1 || typeof persisted.sha256Hash !== "string")
      return { ok: false, code: "BAD_REQUEST", message: "Unsupported persisted query version or hash." };
    const hash = persisted.sha256Hash.toLowerCase();
    if (query) {
      if (sha256Hex(query) !== hash) return { ok: false, code: "BAD_REQUEST", message: "provided sha does not match query" };
      return { ok: true, query, register: hash };
    }
    const known = await this.get(hash);
    return known ? { ok: true, query: known } : { ok: false, code: "PERSISTED_QUERY_NOT_FOUND", message: "PersistedQueryNotFound" };
  }
}
