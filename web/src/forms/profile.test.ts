import { describe, expect, it } from "vitest";
import type { Profile } from "../gen/Profile";
import { avatarErrorText, checkAvatarFile, profileChanges, validateProfile } from "./profile";

const me: Profile = {
  id: 1,
  username: "zeno",
  display_name: "Zeno",
  nominated_by: null,
  is_admin: false,
  joined_at: "2025-01-01T00:00:00Z",
  bio: "Stoic.",
  followers: 0,
  following: 0,
  followed_by_me: false,
  blocked_by_me: false,
  avatar_url: null,
  rooms_now: [],
  suspended: false,
  language: null,
};

describe("profile form", () => {
  it("accepts a normal name and bio, with newlines and 300 emoji", () => {
    expect(validateProfile("Zeno of Citium", "Line one\nLine two")).toBeNull();
    expect(validateProfile("Z", "😀".repeat(300))).toBeNull();
  });

  it("refuses empty or long names, long bios and control characters", () => {
    expect(validateProfile("   ", "")).toMatch(/Display name/);
    expect(validateProfile("x".repeat(51), "")).toMatch(/Display name/);
    expect(validateProfile("Ze\u0007no", "")).toMatch(/control/);
    expect(validateProfile("Zeno", "a".repeat(301))).toMatch(/at most 300/);
    expect(validateProfile("Zeno", "tab\there")).toMatch(/control/);
  });

  it("sends only what changed", () => {
    expect(profileChanges(me, " Zeno ", "Stoic.")).toEqual({});
    expect(profileChanges(me, "Zeno C.", "Stoic.")).toEqual({ display_name: "Zeno C." });
    expect(profileChanges(me, "Zeno", "")).toEqual({ bio: "" });
  });
});

describe("avatar file", () => {
  it("accepts PNG, JPEG, WebP up to 5 MB and unknown types", () => {
    expect(checkAvatarFile({ type: "image/png", size: 1000 })).toBeNull();
    expect(checkAvatarFile({ type: "image/webp", size: 5 * 1024 * 1024 })).toBeNull();
    expect(checkAvatarFile({ type: "", size: 10 })).toBeNull();
  });

  it("refuses other types, big and empty files", () => {
    expect(checkAvatarFile({ type: "image/gif", size: 10 })).toMatch(/PNG, JPEG or WebP/);
    expect(checkAvatarFile({ type: "image/jpeg", size: 5 * 1024 * 1024 + 1 })).toMatch(/5 MB/);
    expect(checkAvatarFile({ type: "image/jpeg", size: 0 })).toMatch(/empty/);
  });

  it("words the server's refusals", () => {
    expect(avatarErrorText("unsupported_image", "x")).toMatch(/isn't a PNG/);
    expect(avatarErrorText("payload_too_large", "x")).toMatch(/5 MB/);
    expect(avatarErrorText("internal", "Boom")).toBe("Boom");
  });
});
