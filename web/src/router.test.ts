import { describe, expect, it } from "vitest";
import { matchRoute } from "./router";

describe("matchRoute", () => {
  it("extracts named segments", () => {
    expect(matchRoute("/rooms/:id", "/rooms/abc")).toEqual({ id: "abc" });
    expect(matchRoute("/invite/:code", "/invite/XyZ-1")).toEqual({ code: "XyZ-1" });
  });

  it("decodes percent-encoded segments and tolerates a trailing slash", () => {
    expect(matchRoute("/rooms/:id", "/rooms/a%20b/")).toEqual({ id: "a b" });
  });

  it("matches static paths exactly", () => {
    expect(matchRoute("/invites", "/invites")).toEqual({});
    expect(matchRoute("/invites", "/rooms")).toBeNull();
  });

  it("rejects other shapes", () => {
    expect(matchRoute("/rooms/:id", "/rooms")).toBeNull();
    expect(matchRoute("/rooms/:id", "/rooms/a/b")).toBeNull();
    expect(matchRoute("/rooms/:id", "/invite/a")).toBeNull();
    expect(matchRoute("/rooms/:id", "/")).toBeNull();
  });
});
