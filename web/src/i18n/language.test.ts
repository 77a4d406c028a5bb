import { afterEach, describe, expect, it } from "vitest";
import { agoText, listText, longDate, monthYear, relativeTime } from "./format";
import { i18n, language } from "./index";
import { intlLocale, isLanguage, pickLanguage } from "./language";

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("the language picked from the browser", () => {
  it("is the first of the browser's languages the client speaks", () => {
    expect(pickLanguage(["ro-RO", "en-US"])).toBe("ro");
    expect(pickLanguage(["de-DE", "ro", "en"])).toBe("ro");
    expect(pickLanguage(["en-GB", "ro-RO"])).toBe("en");
    expect(pickLanguage(["RO_md"])).toBe("ro");
  });

  it("is English when the browser names none of them", () => {
    expect(pickLanguage(["fr-FR", "de"])).toBe("en");
    expect(pickLanguage([])).toBe("en");
  });

  it("keeps the browser's own variant for dates", () => {
    expect(intlLocale("en", ["ro-RO", "en-GB"])).toBe("en-GB");
    expect(intlLocale("ro", ["en-US"])).toBe("ro");
  });

  it("knows only en and ro", () => {
    expect(["en", "ro", "fr", "", null].map(isLanguage)).toEqual([true, true, false, false, false]);
  });
});

describe("dates and times in Romanian", () => {
  const now = Date.parse("2026-07-15T12:00:00Z");

  it("name months and say how long ago and how far away", async () => {
    await i18n.changeLanguage("ro");
    expect(language()).toBe("ro");
    expect(monthYear("2025-03-31T23:30:00Z")).toBe("martie 2025");
    expect(longDate("2025-05-31T00:00:00Z")).toBe("31 mai 2025");
    expect(agoText("2026-07-15T11:55:00Z", now)).toBe("acum 5 min.");
    expect(agoText("2026-07-15T11:59:30Z", now)).toBe("chiar acum");
    expect(relativeTime("2026-07-15T14:00:00Z", now)).toBe("peste 2 ore");
    expect(relativeTime("2026-07-15T12:00:10Z", now)).toBe("acum");
    expect(listText(["Ana", "Bogdan", "Cezar"])).toBe("Ana, Bogdan și Cezar");
    expect(listText(["Ana", "Bogdan"], "disjunction")).toBe("Ana sau Bogdan");
  });

  it("read in English by default", () => {
    expect(monthYear("2025-03-31T23:30:00Z")).toBe("March 2025");
    expect(relativeTime("2026-07-15T14:00:00Z", now)).toBe("in 2 hours");
  });
});
