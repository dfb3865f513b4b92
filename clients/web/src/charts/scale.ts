/**
 * Pure helpers of the chart components (no React, no Mantine): unit-tested in tests/web.
 */

/** Mantine's ten shades, 0 (lightest) to 9. */
export type Shade = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** How a share (0 to 1) of a cohort heat map cell is coloured: a shade of one colour, and text that reads on it. */
export interface CellColour {
  shade: Shade;
  /** White from shade 7 on: Mantine's indigo 7 under white text is 5:1, shade 6 only 4.3:1 (below WCAG AA). */
  text: "dark" | "light";
}

/**
 * The shade of a retained share on a linear scale: each tenth is one shade, so the same share
 * is the same colour in every row and every report. Out-of-range or non-finite shares are clamped.
 */
export function cellColour(share: number): CellColour {
  const clamped = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  const shade = Math.min(9, Math.floor(clamped * 10)) as Shade;
  return { shade, text: shade >= 7 ? "light" : "dark" };
}

/** A share as a whole percentage, "42%"; null (no figure yet) as a dash. */
export function formatShare(share: number | null | undefined, language: string): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "–";
  return new Intl.NumberFormat(language === "ja" ? "ja-JP" : "en-GB", { style: "percent", maximumFractionDigits: 0 }).format(share);
}

/** The number of week columns a cohort grid needs: the longest `retained` row. */
export function cohortWeeks(cohorts: readonly { retained: readonly number[] }[]): number {
  return cohorts.reduce((most, c) => Math.max(most, c.retained.length), 0);
}
