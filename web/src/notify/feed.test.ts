import { describe, expect, it } from "vitest";
import type { Notification } from "../gen/Notification";
import { user } from "../testing/fixtures";
import { badgeText, emptyFeed, isNew, mergeNotifications, reduceFeed } from "./feed";

function note(id: number, read = false): Notification {
  return {
    id,
    kind: "new_follower",
    actor: user(1, "Ada"),
    room: null,
    waitlist_username: null,
    event: null,
    club: null,
    text: `n${id}`,
    created_at: "2024-01-01T00:00:00Z",
    read,
  };
}
const page = (ids: number[], next: string | null) => ({ notifications: ids.map((i) => note(i)), unread: 0, next_cursor: next });
const ids = (ns: Notification[]) => ns.map((n) => n.id);

describe("mergeNotifications", () => {
  it("keeps one entry per id, newest first, the incoming one winning", () => {
    const merged = mergeNotifications([note(3), note(1)], [note(2), note(3, true)]);
    expect(ids(merged)).toEqual([3, 2, 1]);
    expect(merged[0]?.read).toBe(true);
  });
});

describe("reduceFeed", () => {
  it("pages older notifications with the cursor", () => {
    let f = reduceFeed(emptyFeed, { type: "first_page", page: page([9, 8], "c1") });
    expect(f.loaded).toBe(true);
    expect(f.nextCursor).toBe("c1");
    f = reduceFeed(f, { type: "more", page: page([7, 6], null) });
    expect(ids(f.items)).toEqual([9, 8, 7, 6]);
    expect(f.nextCursor).toBeNull();
  });

  it("puts live notifications on top and keeps them through a later first page", () => {
    let f = reduceFeed(emptyFeed, { type: "live", notification: note(10) });
    f = reduceFeed(f, { type: "first_page", page: page([10, 9], "c") });
    expect(ids(f.items)).toEqual([10, 9]);
    f = reduceFeed(f, { type: "live", notification: note(11) });
    expect(ids(f.items)).toEqual([11, 10, 9]);
  });

  it("refreshing the first page keeps older pages and their cursor", () => {
    let f = reduceFeed(emptyFeed, { type: "first_page", page: page([9, 8], "c1") });
    f = reduceFeed(f, { type: "more", page: page([7], "c2") });
    f = reduceFeed(f, { type: "first_page", page: page([10, 9], "x") });
    expect(ids(f.items)).toEqual([10, 9, 8, 7]);
    expect(f.nextCursor).toBe("c2");
  });

  it("marks some or all as read", () => {
    let f = reduceFeed(emptyFeed, { type: "first_page", page: page([3, 2, 1], null) });
    f = reduceFeed(f, { type: "read", ids: [2] });
    expect(f.items.map((n) => n.read)).toEqual([false, true, false]);
    f = reduceFeed(f, { type: "all_read" });
    expect(f.items.every((n) => n.read)).toBe(true);
  });
});

describe("badgeText", () => {
  it("is empty for none, the number otherwise, capped at 99+", () => {
    expect(badgeText(null)).toBe("");
    expect(badgeText(0)).toBe("");
    expect(badgeText(5)).toBe("5");
    expect(badgeText(120)).toBe("99+");
  });
});

describe("opening the panel and notices taken back", () => {
  const unread = (ns: number[], read: number[] = []) => ({
    notifications: [...ns.map((i) => note(i)), ...read.map((i) => note(i, true))].sort((a, b) => b.id - a.id),
    unread: ns.length,
    next_cursor: null,
  });

  it("opening reads everything and keeps what was new highlighted until it closes", () => {
    let f = reduceFeed(emptyFeed, { type: "first_page", page: unread([9, 8], [7]) });
    f = reduceFeed(f, { type: "seen" });
    expect(f.items.every((n) => n.read)).toBe(true);
    expect(f.items.filter((n) => isNew(f, n)).map((n) => n.id)).toEqual([9, 8]);
    // A live one while open is new too, and stays so when seen again.
    f = reduceFeed(f, { type: "live", notification: note(10) });
    f = reduceFeed(f, { type: "seen" });
    expect(f.items.filter((n) => isNew(f, n)).map((n) => n.id)).toEqual([10, 9, 8]);
    f = reduceFeed(f, { type: "closed" });
    expect(f.items.filter((n) => isNew(f, n))).toEqual([]);
    expect(reduceFeed(f, { type: "closed" })).toBe(f);
  });

  it("drops the notifications the server took back, highlighted or not", () => {
    let f = reduceFeed(emptyFeed, { type: "first_page", page: unread([9, 8, 7]) });
    f = reduceFeed(f, { type: "seen" });
    f = reduceFeed(f, { type: "removed", ids: [8, 42] });
    expect(ids(f.items)).toEqual([9, 7]);
    expect(f.fresh).toEqual([9, 7]);
  });
});
