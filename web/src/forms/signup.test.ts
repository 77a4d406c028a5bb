import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { hasErrors, normalizeUsername, SIGNUP_TEXT, signupErrorsFrom, validateSignup } from "./signup";

const GOOD_PW = "correct horse";

describe("validateSignup", () => {
  it("accepts a valid form", () => {
    expect(validateSignup("ada_1815", "Ada Lovelace", GOOD_PW)).toEqual({});
    expect(hasErrors(validateSignup("ada_1815", "Ada Lovelace", GOOD_PW))).toBe(false);
  });

  it("reports every bad field at once, each for its own field", () => {
    const errors = validateSignup("A", "", "short");
    expect(errors).toEqual({ username: SIGNUP_TEXT.username, display_name: SIGNUP_TEXT.displayName, password: SIGNUP_TEXT.password });
    expect(hasErrors(errors)).toBe(true);
    expect(validateSignup("ada", "", "short")).toEqual({ display_name: SIGNUP_TEXT.displayName, password: SIGNUP_TEXT.password });
  });

  it("accepts usernames of 2 to 30 characters of a-z, 0-9 and _", () => {
    for (const u of ["ab", "a".repeat(30), "x_9", "__", "007"]) expect(validateSignup(u, "A", GOOD_PW)).toEqual({});
  });

  it("rejects usernames that are too short, too long or use other characters", () => {
    const bad = ["", "a", "a".repeat(31), "Ada", "ada lovelace", "ada-l", "ada.l", "adé", "ada!", " ada"];
    for (const u of bad) expect(validateSignup(u, "A", GOOD_PW), u).toEqual({ username: SIGNUP_TEXT.username });
  });

  it("needs a display name of 1 to 50 characters (surrounding spaces not counted)", () => {
    const bad = { display_name: SIGNUP_TEXT.displayName };
    expect(validateSignup("ada", "", GOOD_PW)).toEqual(bad);
    expect(validateSignup("ada", "   ", GOOD_PW)).toEqual(bad);
    expect(validateSignup("ada", "x".repeat(51), GOOD_PW)).toEqual(bad);
    expect(validateSignup("ada", ` ${"x".repeat(50)} `, GOOD_PW)).toEqual({});
  });

  it("counts characters as the server does (an emoji is one, a combining accent joins its letter)", () => {
    expect(validateSignup("ada", "😀".repeat(50), GOOD_PW)).toEqual({});
    expect(validateSignup("ada", "e\u0301".repeat(50), GOOD_PW)).toEqual({});
  });

  it("needs a password of 8 to 200 characters", () => {
    const bad = { password: SIGNUP_TEXT.password };
    expect(validateSignup("ada", "Ada", "1234567")).toEqual(bad);
    expect(validateSignup("ada", "Ada", "")).toEqual(bad);
    expect(validateSignup("ada", "Ada", "x".repeat(201))).toEqual(bad);
    expect(validateSignup("ada", "Ada", "12345678")).toEqual({});
    // Spaces count: the password is sent as typed.
    expect(validateSignup("ada", "Ada", "        ")).toEqual({});
  });
});

describe("signupErrorsFrom", () => {
  it("puts each field the server refused beside that field, as a sentence", () => {
    const err = new ApiError(400, "validation", "…", {
      username: "username must be 2–30 characters of a-z, 0-9 and _",
      display_name: "display name may not contain text-direction characters",
    });
    expect(signupErrorsFrom(err)).toEqual({
      fields: {
        username: "Username must be 2–30 characters of a-z, 0-9 and _.",
        display_name: "Display name may not contain text-direction characters.",
      },
      form: null,
    });
  });

  it("says what concerns no field of the form under it", () => {
    const err = new ApiError(400, "validation", "…", { invite_code: "an invite code is required", password: "too short." });
    expect(signupErrorsFrom(err)).toEqual({ fields: { password: "Too short." }, form: "An invite code is required." });
  });

  it("puts a taken username beside the username", () => {
    expect(signupErrorsFrom(new ApiError(409, "username_taken", "this username is taken"))).toEqual({
      fields: { username: SIGNUP_TEXT.taken },
      form: null,
    });
  });

  it("shows any other refusal under the form", () => {
    expect(signupErrorsFrom(new ApiError(429, "rate_limited", "too many requests, try again later"))).toEqual({
      fields: {},
      form: "Too many requests, try again later.",
    });
  });
});

describe("normalizeUsername", () => {
  it("trims and lower-cases what the user typed, so 'Ada ' signs up as 'ada'", () => {
    expect(normalizeUsername("  Ada_Lovelace ")).toBe("ada_lovelace");
    expect(validateSignup(normalizeUsername(" ADA "), "Ada", GOOD_PW)).toEqual({});
  });
});
