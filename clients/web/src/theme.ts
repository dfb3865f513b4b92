import { Alert, createTheme, NavLink, Notification, type CSSVariablesResolver } from "@mantine/core";

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
  // Shade 6 of indigo on white is 4.3:1; 7 clears WCAG AA's 4.5:1 for text and filled buttons.
  primaryShade: { light: 7, dark: 8 },
  // WCAG AA contrast for text on filled buttons and badges in both schemes.
  autoContrast: true,
  fontFamily: sans,
  headings: { fontFamily: sans },
  defaultRadius: "md",
  components: {
    // The active page in filled colours: the light variant's hover tint is 4.1:1 under its text.
    NavLink: NavLink.extend({ defaultProps: { variant: "filled" } }),
    // Alert titles in the body colour: yellow's light-variant title is 2.7:1 on its tint.
    Alert: Alert.extend({ styles: { title: { color: "var(--mantine-color-text)" } } }),
    // Toast text in the body colour (Mantine's gray 6 is 3.3:1 on white).
    Notification: Notification.extend({ styles: { description: { color: "var(--mantine-color-text)" } } }),
  },
  other: {
    /** For the big character on lesson and review cards. */
    characterFont: "'Hiragino Mincho ProN', 'Yu Mincho', 'Noto Serif CJK JP', 'IPAMincho', 'IPAGothic', serif",
  },
});

/** Mantine's dimmed text (gray 6 on white, 3.3:1) is below AA: one shade darker, and lighter on dark. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { "--mantine-color-dimmed": t.colors.gray[7] },
  dark: { "--mantine-color-dimmed": t.colors.dark[1] },
});
