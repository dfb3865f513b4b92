import { createContext, useContext } from "react";
import type { Locale } from "./format";

/** The signed-in learner's language and time zone, for every date the app shows. */
export const LocaleContext = createContext<Locale>({ language: "en" });
export const useLocale = () => useContext(LocaleContext);
