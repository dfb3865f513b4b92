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

// A language picked before sign-in, to be saved to the profile once the learner is known.
const CHOSEN_KEY = "learnloop.language.chosen";
export const rememberChosenLanguage = (language: Language) => sessionStorage.setItem(CHOSEN_KEY, language);
/** The language picked on the sign-in page, once: the shell saves it to the profile. */
export function takeChosenLanguage(): Language | null {
  const chosen = sessionStorage.getItem(CHOSEN_KEY);
  sessionStorage.removeItem(CHOSEN_KEY);
  return chosen ? toLanguage(chosen) : null;
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
document.documentElement.lang = i18n.language;

/** Sets the UI language and the document's lang, so screen readers and fonts follow. */
export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
