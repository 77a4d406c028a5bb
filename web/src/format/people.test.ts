import { describe, expect, it } from "vitest";
import type { InviteTreeNode } from "../gen/InviteTreeNode";
import { user } from "../testing/fixtures";
import { appendPage, descendantCount, normalizeQuery, parseDepth, parseGrant, queryFromSearch, searchPath } from "./people";

describe("search query", () => {
  it("trims, drops a leading @ and caps at 30", () => {
    expect(normalizeQuery("  @ali ")).toBe("ali");
    expect(normalizeQuery("@@ ")).toBe("");
    expect(normalizeQuery("x".repeat(40))).toHaveLength(30);
  });

  it("round-trips through the search path", () => {
    expect(searchPath("a b&c")).toBe("/search?q=a%20b%26c");
    expect(queryFromSearch("?q=a%20b%26c")).toBe("a b&c");
    expect(searchPath("")).toBe("/search");
    expect(queryFromSearch("")).toBe("");
  });
});

describe("load more", () => {
  it("appends without repeating members", () => {
    expect(appendPage([user(1), user(2)], [user(2), user(3), user(3)]).map((u) => u.id)).toEqual([1, 2, 3]);
    expect(appendPage([], [])).toEqual([]);
  });
});

describe("invite tree", () => {
  const node = (id: number, invited: InviteTreeNode[] = []): InviteTreeNode => ({ user: user(id), joined_at: "", invited });
  it("counts descendants at all depths", () => {
    expect(descendantCount(node(1))).toBe(0);
    expect(descendantCount(node(1, [node(2, [node(4), node(5, [node(6)])]), node(3)]))).toBe(5);
  });

  it("parses depth and grant counts", () => {
    expect(parseDepth("")).toBeUndefined();
    expect(parseDepth("0")).toBe(1);
    expect(parseDepth("99")).toBe(20);
    expect(parseDepth("3")).toBe(3);
    expect(parseGrant("5")).toBe(5);
    expect(parseGrant("0")).toBeNull();
    expect(parseGrant("1001")).toBeNull();
    expect(parseGrant("2.5")).toBeNull();
    expect(parseGrant("")).toBeNull();
  });
});
