import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A partner API key is `llp_<id>_<secret>`. The id is public (it names the key in logs and in the
 * CLI); the secret is 256 random bits, so one SHA-256 is enough at rest: nothing guessable is left
 * to brute-force, and verification stays cheap on every request (a password hash would not).
 */
export const KEY_PREFIX = "llp_";
const KEY_PATTERN = /^llp_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  id: string;
  /** Shown once, at creation; only its hash is stored. */
  key: string;
  secretSha256: Buffer;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function generateApiKey(): NewApiKey {
  const id = [...randomBytes(12)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  const secret = randomBytes(32).toString("base64url");
  return { id, key: `${KEY_PREFIX}${id}_${secret}`, secretSha256: hashSecret(secret) };
}

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest();

/** Splits a presented key; undefined when it is not shaped like one of ours. */
export function parseApiKey(presented: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(presented);
  return match ? { id: match[1], secret: match[2] } : undefined;
}

export function secretMatches(secret: string, storedSha256: Buffer): boolean {
  const given = hashSecret(secret);
  return given.length === storedSha256.length && timingSafeEqual(given, storedSha256);
}
