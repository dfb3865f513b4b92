import { createHash } from "node:crypto";
import type { ExperimentVariant } from "./experiment-config";

/**
 * Where a user falls in an experiment, in [0, 1): the first 52 bits of sha256("<key>:<userId>").
 * Pure, so every process (and a re-run of the analysis) gives the same answer without a lookup, and
 * salted by the key, so a user's bucket in one experiment says nothing of their bucket in another.
 */
export function bucketOf(experimentKey: string, userId: string): number {
  const digest = createHash("sha256").update(`${experimentKey}:${userId}`).digest();
  // 52 bits fit a double exactly: 6 bytes and the top half of the seventh.
  const high = digest.readUIntBE(0, 6) * 16 + (digest[6] >> 4);
  return high / 2 ** 52;
}

/** The variant whose share of the cumulative weights holds `bucket`. */
export function variantAt(variants: readonly ExperimentVariant[], bucket: number): string {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let upTo = 0;
  for (const v of variants) {
    upTo += v.weight / total;
    if (bucket < upTo) return v.name;
  }
  // Rounding can leave the sum a hair under 1.
  return variants[variants.length - 1].name;
}

/** A user's variant in an experiment: the same on every call, in every process. */
export const assignVariant = (experimentKey: string, variants: readonly ExperimentVariant[], userId: string): string =>
  variantAt(variants, bucketOf(experimentKey, userId));
