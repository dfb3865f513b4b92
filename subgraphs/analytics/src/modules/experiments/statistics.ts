import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/** The standard normal's quantile and CDF come from stdlib (accurate to the last bits); the formulas below are ours. */
export const zQuantile = (p: number): number => normalQuantile(p, 0, 1);
const phi = (z: number): number => normalCdf(z, 0, 1);

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * The Wilson score interval for `successes` of `trials` (Wilson 1927; method 3 of Newcombe 1998): the
 * proportions π for which |p̂ − π| ≤ z·√(π(1−π)/n). Unlike p̂ ± z·SE it stays inside [0, 1] and
 * keeps its coverage near 0 and 1, where conversion rates live. Null without trials.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval | null {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials)
    throw new RangeError("successes must be an integer from 0 to trials");
  if (trials === 0) return null;
  const z = zQuantile(1 - (1 - confidence) / 2);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes one bound is exactly 0 or 1; rounding would leave it a bit off.
  return { lower: successes === 0 ? 0 : centre - halfWidth, upper: successes === trials ? 1 : centre + halfWidth };
}

export interface ZTest {
  /** Positive when the treatment's rate is above the control's. */
  z: number;
  /** Two-sided. */
  pValue: number;
}

/**
 * The pooled two-proportion z-test of a treatment (x2 of n2) against a control (x1 of n1):
 * z = (p̂2 − p̂1) / √(p̂(1−p̂)(1/n1 + 1/n2)) with p̂ the pooled rate; z² is Pearson's χ² of the 2×2
 * table without continuity correction. Null when either arm has no trials. When both arms are all
 * failures or all successes there is no difference to see: z = 0, p = 1.
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (x2 / n2 - x1 / n1) / se;
  // 2·(1 − Φ(|z|)) written as 2·Φ(−|z|), which keeps its precision far in the tail.
  return { z, pValue: Math.min(1, 2 * phi(-Math.abs(z))) };
}
