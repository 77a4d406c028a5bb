import { afterEach, describe, expect, it } from "vitest";
import { en } from "./en";
import { i18n, t } from "./index";
import { ro } from "./ro";

type Tree = { [key: string]: string | Tree };

/** Every leaf as `path → text`. */
function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, "");
const vars = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

const EN = leaves(en);
const RO = leaves(ro);

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("the English and Romanian resources", () => {
  it("have the same keys (plural forms aside)", () => {
    const enKeys = new Set([...EN.keys()].map(base));
    const roKeys = new Set([...RO.keys()].map(base));
    expect([...enKeys].filter((k) => !roKeys.has(k))).toEqual([]);
    expect([...roKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it("have no empty text", () => {
    for (const [key, text] of [...EN, ...RO]) expect(text.trim(), key).not.toBe("");
  });

  it("give every plural the forms of its language: en one/other, ro one/few/other", () => {
    const plurals = new Set([...EN.keys()].filter((k) => PLURAL.test(k)).map(base));
    expect(plurals.size).toBeGreaterThan(10);
    for (const key of plurals) {
      expect(EN.has(`${key}_one`) && EN.has(`${key}_other`), key).toBe(true);
      for (const form of ["one", "few", "other"]) expect(RO.has(`${key}_${form}`), `${key}_${form}`).toBe(true);
    }
    for (const key of RO.keys()) if (PLURAL.test(key)) expect(plurals.has(base(key)), key).toBe(true);
  });

  it("use the same placeholders in both languages", () => {
    for (const [key, text] of EN) {
      const other = RO.get(key) ?? RO.get(`${base(key)}_other`);
      expect(other, key).toBeDefined();
      expect(vars(other ?? ""), key).toEqual(vars(text));
    }
  });

  it("write Romanian with its own letters (ș and ț with a comma, not a cedilla)", () => {
    const all = [...RO.values()].join(" ");
    expect(all).toMatch(/[ăâîșț]/);
    expect(all).not.toMatch(/[şţŞŢ]/);
  });
});

describe("Romanian plurals", () => {
  it("say 1 ascultător, 2 / 19 / 101 ascultători, 20 de ascultători", async () => {
    await i18n.changeLanguage("ro");
    const say = (n: number) => t("hallway.listeners", { count: n });
    expect([1, 2, 19, 20, 101].map(say)).toEqual(["1 ascultător", "2 ascultători", "19 ascultători", "20 de ascultători", "101 ascultători"]);
  });

  it("apply to other counted things too", async () => {
    await i18n.changeLanguage("ro");
    expect(t("profile.followers", { count: 1 })).toBe("1 urmăritor");
    expect(t("profile.followers", { count: 3 })).toBe("3 urmăritori");
    expect(t("profile.followers", { count: 120 })).toBe("120 de urmăritori");
    expect(t("clubs.members", { count: 21 })).toBe("21 de membri");
  });

  it("stay one / other in English", () => {
    expect([1, 2, 20].map((n) => t("hallway.listeners", { count: n }))).toEqual(["1 listener", "2 listeners", "20 listeners"]);
  });
});
