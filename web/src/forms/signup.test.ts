import { describe, expect, it } from "vitest";
import { normalizeUsername, validateSignup } from "./signup";

const GOOD_PW = "correct horse";
const USERNAME_ERR = "Username: 2–30 characters of a–z, 0–9 and _.";
const NAME_ERR = "Display name: 1–50 characters.";
const PW_ERR = "Password: at least 8 characters.";

describe("validateSignup", () => {
  it("accepts a valid form", () => {
    expect(validateSignup("ada_1815", "Ada Lovelace", GOOD_PW)).toBeNull();
  });

  it("accepts usernames of 2 to 30 characters of a-z, 0-9 and _", () => {
    for (const u of ["ab", "a".repeat(30), "x_9", "__", "007"]) expect(validateSignup(u, "A", GOOD_PW)).toBeNull();
  });

  it("rejects usernames that are too short, too long or use other characters", () => {
    const bad = ["", "a", "a".repeat(31), "Ada", "ada lovelace", "ada-l", "ada.l", "adé", "ada!", " ada"];
    for (const u of bad) expect(validateSignup(u, "A", GOOD_PW), u).toBe(USERNAME_ERR);
  });

  it("needs a display name of 1 to 50 characters (surrounding spaces not counted)", () => {
    expect(validateSignup("ada", "", GOOD_PW)).toBe(NAME_ERR);
    expect(validateSignup("ada", "   ", GOOD_PW)).toBe(NAME_ERR);
    expect(validateSignup("ada", "x".repeat(51), GOOD_PW)).toBe(NAME_ERR);
    expect(validateSignup("ada", ` ${"x".repeat(50)} `, GOOD_PW)).toBeNull();
  });

  it("needs a password of at least 8 characters", () => {
    expect(validateSignup("ada", "Ada", "1234567")).toBe(PW_ERR);
    expect(validateSignup("ada", "Ada", "")).toBe(PW_ERR);
    expect(validateSignup("ada", "Ada", "12345678")).toBeNull();
    // Spaces count: the password is sent as typed.
    expect(validateSignup("ada", "Ada", "        ")).toBeNull();
  });

  it("reports the first problem in form order", () => {
    expect(validateSignup("A", "", "short")).toBe(USERNAME_ERR);
    expect(validateSignup("ada", "", "short")).toBe(NAME_ERR);
  });
});

describe("normalizeUsername", () => {
  it("trims and lower-cases what the user typed, so 'Ada ' signs up as 'ada'", () => {
    expect(normalizeUsername("  Ada_Lovelace ")).toBe("ada_lovelace");
    expect(validateSignup(normalizeUsername(" ADA "), "Ada", GOOD_PW)).toBeNull();
  });
});
