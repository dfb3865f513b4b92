import { createTheme } from "@mantine/core";

/**
 * One theme for every page. Japanese text needs a font with kana and kanji: the system's own
 * (Hiragino, Yu Gothic, Noto Sans CJK, IPA Gothic on Debian) comes before the Latin fallbacks, so
 * nothing is fetched from a font CDN.
 */
const sans = [
  "system-ui",
  "-apple-system",
  "'Segoe UI'",
  "'Hiragino Sans'",
  "'Hiragino Kaku Gothic ProN'",
  "'Yu Gothic UI'",
  "'Noto Sans CJK JP'",
  "'Noto Sans JP'",
  "'IPAGothic'",
  "Roboto",
  "sans-serif",
].join(", ");

export const theme = createTheme({
  primaryColor: "indigo",
  // WCAG AA contrast for text on filled buttons and badges in both schemes.
  autoContrast: true,
  fontFamily: sans,
  headings: { fontFamily: sans },
  defaultRadius: "md",
  other: {
    /** For the big character on lesson and review cards. */
    characterFont: "'Hiragino Mincho ProN', 'Yu Mincho', 'Noto Serif CJK JP', 'IPAMincho', 'IPAGothic', serif",
  },
});
