import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { errorKind, errorPage, WAYS, type ErrorKind } from "./errorPages";

const KINDS: ErrorKind[] = [
  "invite_invalid",
  "profile_not_found",
  "club_not_found",
  "event_not_found",
  "waitlist_gone",
  "page_not_found",
  "forbidden",
  "signed_out",
  "rate_limited",
  "network",
  "failed",
];

describe("errorKind", () => {
  it("maps each server code to the kind of page", () => {
    const cases: [ApiError, ErrorKind][] = [
      [new ApiError(404, "not_found", "user not found"), "profile_not_found"],
      [new ApiError(409, "invite_invalid", "this invite is unknown, already used or revoked"), "invite_invalid"],
      [new ApiError(403, "forbidden", "admins only"), "forbidden"],
      [new ApiError(403, "club_members_only", "members only"), "forbidden"],
      [new ApiError(401, "unauthorized", "sign in first"), "signed_out"],
      [new ApiError(429, "rate_limited", "too many requests"), "rate_limited"],
      [new ApiError(0, "network", "Cannot reach the server."), "network"],
      [new ApiError(500, "internal", "something went wrong on the server"), "failed"],
    ];
    for (const [err, kind] of cases) expect(errorKind(err, "profile_not_found"), err.code).toBe(kind);
  });

  it("uses the page's own not-found kind, and treats anything else as a failure", () => {
    expect(errorKind(new ApiError(404, "not_found", "club not found"), "club_not_found")).toBe("club_not_found");
    expect(errorKind(new TypeError("boom"), "club_not_found")).toBe("failed");
  });
});

describe("errorPage", () => {
  it("says a used invite in a sentence and offers signing in and the waitlist", () => {
    const page = errorPage("invite_invalid", false);
    expect(page.title).toBe("This invite can't be used");
    expect(page.text).toMatch(/^This invite link was already used/);
    expect(page.ways).toEqual(["sign_in", "waitlist"]);
    expect(page.ways.map((w) => WAYS[w])).toEqual([
      { href: "/signin", label: "Sign in" },
      { href: "/waitlist", label: "Join the waitlist" },
    ]);
  });

  it("names the member who was not found", () => {
    const page = errorPage("profile_not_found", true, "ghost");
    expect(page.text).toMatch(/no member called @ghost\./);
    expect(page.ways).toEqual(["search", "hallway"]);
  });

  it("leads signed-in members back to the hallway, and signed-out people to sign in or the waitlist", () => {
    expect(errorPage("page_not_found", true).ways).toEqual(["hallway"]);
    expect(errorPage("page_not_found", false).ways).toEqual(["sign_in", "waitlist"]);
    expect(errorPage("club_not_found", true).ways).toEqual(["clubs", "hallway"]);
    expect(errorPage("failed", false).ways).toEqual(["retry", "sign_in", "waitlist"]);
    expect(errorPage("signed_out", true).ways).toEqual(["sign_in"]);
  });

  it("gives every kind a human sentence and at least one way on", () => {
    for (const kind of KINDS) {
      for (const signedIn of [true, false]) {
        const page = errorPage(kind, signedIn, "someone");
        expect(page.ways.length, kind).toBeGreaterThan(0);
        expect(page.text, kind).toMatch(/^[A-Z].*[.!]$/);
        expect(page.title, kind).toMatch(/^[A-Z]/);
      }
    }
    const texts = new Set(KINDS.map((k) => errorPage(k, true).text));
    expect(texts.size).toBe(KINDS.length);
  });

  it("never shows the server's raw message", () => {
    const raw = "this invite is unknown, already used or revoked";
    const page = errorPage(errorKind(new ApiError(409, "invite_invalid", raw), "failed"), false);
    expect(page.text).not.toContain(raw);
  });
});
