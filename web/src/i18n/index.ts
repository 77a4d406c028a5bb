// The client's translations: one i18next instance with the English and Romanian resources
// (plural forms through Intl.PluralRules: English one / other, Romanian one / few / other).
// Components call `useTranslation()` (react-i18next), which also re-renders them when the
// language changes; pure modules call `t` from here while those components render.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { browserLanguages, intlLocale, isLanguage, pickLanguage, type Language } from "./language";
import { ro } from "./ro";

/** The one i18next instance of the client. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ro: { translation: ro } },
  // Unit tests run outside a browser: English.
  lng: pickLanguage(browserLanguages()),
  fallbackLng: "en",
  supportedLngs: ["en", "ro"],
  // React escapes what it renders; texts are never put into HTML by hand.
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** Translates `key` in the active language (for pure modules; components use `useTranslation`). */
export const t = i18n.t.bind(i18n) as typeof i18n.t;

/** The active language. */
export function language(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : "en";
}

/** The locale `Intl` formats dates, times, numbers and lists with, for the active language. */
export function locale(): string {
  return intlLocale(language(), browserLanguages());
}

/** Switches the whole client to `lang` at once (and tells assistive technology through `<html lang>`). */
export async function setLanguage(lang: Language): Promise<void> {
  if (language() !== lang) await i18n.changeLanguage(lang);
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

if (typeof document !== "undefined") document.documentElement.lang = language();
