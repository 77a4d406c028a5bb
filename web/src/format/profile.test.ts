import { describe, expect, it } from "vitest";
import { bioCounter, bioSegments, charCount, followControl, followersLabel, followingLabel, joinedText, profilePath, profileShareUrl, safeHref } from "./profile";

describe("bio links", () => {
  it("keeps plain text as one segment", () => {
    expect(bioSegments("Philosopher.\nLikes walks.")).toEqual([{ kind: "text", text: "Philosopher.\nLikes walks." }]);
    expect(bioSegments("")).toEqual([]);
  });

  it("turns http(s) URLs into links, leaving trailing punctuation as text", () => {
    expect(bioSegments("See https://stoa.example/a?b=1. Or http://x.org/p)!")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://stoa.example/a?b=1", href: "https://stoa.example/a?b=1" },
      { kind: "text", text: ". Or " },
      { kind: "link", text: "http://x.org/p", href: "http://x.org/p" },
      { kind: "text", text: ")!" },
    ]);
  });

  it("never links other schemes or HTML", () => {
    const bio = 'javascript:alert(1) <a href="https://evil">x</a> data:text/html,hi ftp://f.org';
    const links = bioSegments(bio).filter((s) => s.kind === "link");
    expect(links.map((l) => l.kind === "link" && l.href)).toEqual(["https://evil/"]);
    expect(bioSegments(bio).map((s) => s.text).join("")).toBe(bio);
    expect(bioSegments("JAVASCRIPT://x")).toEqual([{ kind: "text", text: "JAVASCRIPT://x" }]);
  });

  it("leaves a bare scheme as text", () => {
    expect(bioSegments("https:// nothing")).toEqual([{ kind: "text", text: "https:// nothing" }]);
  });

  it("accepts only http and https in safeHref", () => {
    expect(safeHref("https://a.b/c")).toBe("https://a.b/c");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("not a url")).toBeNull();
  });
});

describe("bio counter", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(charCount("😀é")).toBe(2);
    expect(bioCounter("abc")).toEqual({ text: "3 / 300", over: false });
    expect(bioCounter("😀".repeat(300))).toEqual({ text: "300 / 300", over: false });
    expect(bioCounter("a".repeat(301))).toEqual({ text: "301 / 300", over: true });
  });
});

describe("profile texts", () => {
  it("words the counts", () => {
    expect(followersLabel(1)).toBe("1 follower");
    expect(followersLabel(0)).toBe("0 followers");
    expect(followingLabel(1)).toBe("1 following");
  });

  it("formats the joined date in UTC", () => {
    expect(joinedText("2025-03-31T23:30:00Z")).toBe("Joined March 2025");
    expect(joinedText("garbage")).toBe("Joined garbage");
  });

  it("builds the share link and the in-app path", () => {
    expect(profileShareUrl("http://127.0.0.1:8080/", "zeno")).toBe("http://127.0.0.1:8080/u/zeno");
    expect(profilePath("a b")).toBe("/users/a%20b");
  });
});

describe("followControl", () => {
  it("offers follow or unfollow, never on myself or someone I blocked", () => {
    expect(followControl({ followed_by_me: false, blocked_by_me: false }, false)).toBe("follow");
    expect(followControl({ followed_by_me: true, blocked_by_me: false }, false)).toBe("unfollow");
    expect(followControl({ followed_by_me: false, blocked_by_me: true }, false)).toBeNull();
    expect(followControl({ followed_by_me: false, blocked_by_me: false }, true)).toBeNull();
  });
});
