import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { nextPath, signInErrorText } from "./signin";

describe("next path after sign-in", () => {
  it("keeps in-app paths", () => {
    expect(nextPath("?next=/rooms/abc")).toBe("/rooms/abc");
    expect(nextPath("?next=%2Fusers%2Fzeno")).toBe("/users/zeno");
  });

  it("refuses other origins and falls back to the hallway", () => {
    expect(nextPath("")).toBe("/");
    expect(nextPath("?next=https://evil.example")).toBe("/");
    expect(nextPath("?next=//evil.example")).toBe("/");
    expect(nextPath("?next=/\\evil.example")).toBe("/");
    expect(nextPath("?next=javascript:alert(1)")).toBe("/");
  });
});

describe("sign-in errors", () => {
  it("says a suspension plainly and passes other errors on", () => {
    expect(signInErrorText(new ApiError(403, "suspended", "suspended"))).toMatch(/^Your account is suspended/);
    expect(signInErrorText(new ApiError(401, "bad_credentials", "Wrong username or password."))).toBe("Wrong username or password.");
  });
});
