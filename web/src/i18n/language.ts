// Which language the client speaks: English or Romanian, taken from the member's setting when
// they have one, else from the browser's list (`navigator.languages`), else English.

/** The languages the client (and the server's notification texts) are written in. */
export const LANGUAGES = ["en", "ro"] as const;

/** One of `LANGUAGES`. */
export type Language = (typeof LANGUAGES)[number];

/** Each language's name, written in that language (the settings' switch lists them so). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", ro: "Română" };

/** Whether `tag` is one of the client's languages ("en", "ro"). */
export function isLanguage(tag: unknown): tag is Language {
  return typeof tag === "string" && (LANGUAGES as readonly string[]).includes(tag);
}

/** The primary subtag of a BCP 47 tag, lower case ("ro-RO" → "ro"). */
function primary(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
}

/** The first language of the browser's list the client speaks ("ro-RO" → "ro"); English otherwise. */
export function pickLanguage(browser: readonly string[]): Language {
  for (const tag of browser) {
    const lang = primary(tag);
    if (isLanguage(lang)) return lang;
  }
  return "en";
}

/**
 * The locale `Intl` formats with for `lang`: the browser's own tag of that language when it has
 * one ("en-GB" keeps British dates), else the bare language.
 */
export function intlLocale(lang: Language, browser: readonly string[]): string {
  return browser.find((tag) => primary(tag) === lang) ?? lang;
}

/** The browser's preferred languages (none outside a browser, e.g. in unit tests). */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}
