import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { ja } from "./ja";

export const LANGUAGES = ["en", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];

/** "ja-JP" → "ja"; anything untranslated is English. */
export function toLanguage(locale: string | null | undefined): Language {
  const base = (locale ?? "").toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : "en";
}

/** The browser's first preference we translate; used before sign-in, when no profile says. */
export function browserLanguage(languages: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const l of languages) if (toLanguage(l) !== "en" || l.toLowerCase().startsWith("en")) return toLanguage(l);
  return "en";
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ja: { translation: ja } },
  lng: browserLanguage(),
  fallbackLng: "en",
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Sets the UI language and the document's lang, so screen readers and fonts follow. */
export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
