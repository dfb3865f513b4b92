import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { print } from "@apollo/client/utilities";
import { getOperationAST, type DocumentNode } from "graphql";
import type { PersistedMode } from "../config";

interface Manifest {
  operations: { id: string; name: string }[];
}

// Only fetched when needed (locked mode, or no WebCrypto): the manifest also holds every body.
let manifestIds: Promise<Map<string, string>> | undefined;
const loadManifestIds = () =>
  (manifestIds ??= import("../../../../schema/persisted/web.json").then(
    (m) => new Map((m.default as Manifest).operations.map((o) => [o.name, o.id])),
  ));

/** Bare lowercase hex SHA-256, as Apollo Server's APQ and the gateway's manifest expect. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The operation's id in schema/persisted/web.json, by operation name. */
export async function manifestId(document: DocumentNode): Promise<string> {
  const name = getOperationAST(document)?.name?.value;
  const id = name ? (await loadManifestIds()).get(name) : undefined;
  if (!id) throw new Error(`Operation ${name ?? "(anonymous)"} is not in schema/persisted/web.json: run \`npm run codegen\`.`);
  return id;
}

/**
 * The hash of an operation as Apollo Client sends it. In apq mode it is computed from the printed
 * text (WebCrypto needs a secure context; elsewhere the manifest has the same value, a test checks).
 */
export function operationHasher(mode: PersistedMode): (document: DocumentNode) => Promise<string> {
  if (mode === "locked" || !globalThis.crypto?.subtle) return manifestId;
  return (document) => sha256Hex(print(document));
}

export function persistedQueryLink(mode: PersistedMode): PersistedQueryLink {
  const generateHash = operationHasher(mode);
  if (mode === "apq") return new PersistedQueryLink({ generateHash });
  // Locked: the text is never sent, so never retry with it nor give up on persisted queries.
  return new PersistedQueryLink({ generateHash, retry: () => false, disable: () => false });
}
