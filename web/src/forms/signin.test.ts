import { describe, expect, it } from "vitest";
import { nextPath } from "./signin";

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
