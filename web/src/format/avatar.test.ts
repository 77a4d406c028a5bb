import { describe, expect, it } from "vitest";
import { user } from "../testing/fixtures";
import { contrastRatio, TEXT_CONTRAST } from "../a11y/contrast";
import { AVATAR_COLORS, avatarColor, avatarUrl, initials } from "./avatar";

describe("initials", () => {
  it("takes the first letters of the first two words, upper-cased", () => {
    expect(initials({ ...user(1), display_name: "ada king lovelace" })).toBe("AK");
    expect(initials({ ...user(1), display_name: "  Grace   Hopper " })).toBe("GH");
    expect(initials({ ...user(1), display_name: "Plato" })).toBe("P");
  });

  it("falls back to the username, then to ?", () => {
    expect(initials({ id: 1, username: "zeno", display_name: "" })).toBe("Z");
    expect(initials({ id: 1, username: "", display_name: "   " })).toBe("?");
  });

  it("keeps a whole emoji or accented letter", () => {
    expect(initials({ ...user(1), display_name: "😀 émile" })).toBe("😀É");
  });
});

describe("avatarColor", () => {
  it("is stable per member and a colour from the palette", () => {
    expect(avatarColor(3)).toBe(avatarColor(3));
    expect(avatarColor(3)).toMatch(/^#[0-9a-f]{6}$/);
    expect(avatarColor(3)).toBe(avatarColor(11));
    expect(avatarColor(3)).not.toBe(avatarColor(4));
    expect(avatarColor(-3)).toBe(avatarColor(3));
  });
});

describe("AVATAR_COLORS", () => {
  it("keeps white initials readable (4.5:1) on every colour", () => {
    for (const c of AVATAR_COLORS) expect(contrastRatio("#ffffff", c)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
  });
});

describe("avatarUrl", () => {
  it("builds the photo's URL from the avatar version", () => {
    expect(avatarUrl({ ...user(1), avatar: 3 })).toBe("/api/users/u1/avatar?v=3");
    expect(avatarUrl({ ...user(1), username: "a b", avatar: 12 })).toBe("/api/users/a%20b/avatar?v=12");
  });

  it("is null without a photo (initials then)", () => {
    expect(avatarUrl(user(1))).toBeNull();
    expect(avatarUrl({ id: 1, username: "zeno", display_name: "Zeno" })).toBeNull();
  });
});
