import { createHash } from "node:crypto";

/** The header a client sends with a mutation (IETF httpapi draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
/** Where a graphql-ws subscribe message carries it. */
export const IDEMPOTENCY_KEY_EXTENSION = "idempotencyKey";

/** Long enough to be unguessable when random (a UUID is 36), short enough to index; no quoting needed anywhere. */
const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;
export const isIdempotencyKey = (value: unknown): value is string => typeof value === "string" && KEY_PATTERN.test(value);
export const IDEMPOTENCY_KEY_RULE = "8 to 128 characters of A-Z, a-z, 0-9, _ - : .";

/** JSON with object keys sorted, so the same variables give the same hash whatever order a client wrote them in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** What makes two requests "the same request" for a key: the document, the operation chosen and the variables. */
export function requestFingerprint(document: string, operationName: string | null | undefined, variables: unknown): string {
  return createHash("sha256")
    .update(document)
    .update("\0")
    .update(operationName ?? "")
    .update("\0")
    .update(canonicalJson(variables ?? {}))
    .digest("base64url");
}
