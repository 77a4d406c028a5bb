import { describe, expect, it } from "vitest";
import { parseNamed, validatePassword, validateWaitlist } from "./waitlist";

describe("named members", () => {
  it("normalizes, drops blanks and repeats", () => {
    expect(parseNamed([" @Alice ", "", "bob", "alice", "  "])).toEqual(["alice", "bob"]);
  });
});

describe("waitlist form", () => {
  it("accepts a valid reservation", () => {
    expect(validateWaitlist("newbie", "New Bie", ["alice"])).toBeNull();
    expect(validateWaitlist("newbie", "N", ["a1", "b2", "c3", "d4", "e5"])).toBeNull();
  });

  it("refuses bad usernames, names and named lists", () => {
    expect(validateWaitlist("N", "New", ["alice"])).toMatch(/Username/);
    expect(validateWaitlist("newbie", " ", ["alice"])).toMatch(/Display name/);
    expect(validateWaitlist("newbie", "New", [])).toMatch(/at least one/);
    expect(validateWaitlist("newbie", "New", ["a1", "b2", "c3", "d4", "e5", "f6"])).toMatch(/at most 5/);
    expect(validateWaitlist("newbie", "New", ["bad name"])).toMatch(/“bad name” is not/);
    expect(validateWaitlist("newbie", "New", ["newbie"])).toMatch(/other than yourself/);
  });

  it("checks the password length", () => {
    expect(validatePassword("short")).toMatch(/at least 8/);
    expect(validatePassword("x".repeat(201))).toMatch(/at most 200/);
    expect(validatePassword("long enough")).toBeNull();
  });
});
