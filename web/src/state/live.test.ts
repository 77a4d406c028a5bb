import { describe, expect, it, vi } from "vitest";
import type { Notification } from "../gen/Notification";
import { user } from "../testing/fixtures";
import { LiveStore, initialLive, reduceLive } from "./live";

const note: Notification = {
  id: 7,
  kind: "pinged",
  actor: user(1, "Ada"),
  room: { id: "r1", title: "Rust" },
  waitlist_username: null,
  event: null,
  club: null,
  text: "Ada pinged you into “Rust”",
  created_at: "2024-01-01T00:00:00Z",
  read: false,
};

describe("reduceLive", () => {
  it("takes the unread count from unread_count and notification messages", () => {
    let s = reduceLive(initialLive, { type: "unread_count", unread: 2 });
    expect(s.unread).toBe(2);
    s = reduceLive(s, { type: "notification", notification: note, unread: 3 });
    expect(s.unread).toBe(3);
  });

  it("takes the unread count left when notifications are taken back", () => {
    const s = reduceLive({ ...initialLive, unread: 3 }, { type: "notifications_removed", ids: [7], unread: 2 });
    expect(s.unread).toBe(2);
  });

  it("takes the friends list from friends_online", () => {
    const friends = [{ user: user(2), room: null }];
    const s = reduceLive(initialLive, { type: "friends_online", friends: { friends } });
    expect(s.friends).toEqual(friends);
  });

  it("returns the same state for unrelated or unchanged messages", () => {
    expect(reduceLive(initialLive, { type: "replaced" })).toBe(initialLive);
    const s = reduceLive(initialLive, { type: "unread_count", unread: 1 });
    expect(reduceLive(s, { type: "unread_count", unread: 1 })).toBe(s);
  });
});

describe("LiveStore", () => {
  it("notifies subscribers only on change", () => {
    const store = new LiveStore();
    const fn = vi.fn();
    store.subscribe(fn);
    store.setUnread(4);
    store.setUnread(4);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(store.snapshot.unread).toBe(4);
  });

  it("seeds friends from REST only while the socket has not said anything", () => {
    const store = new LiveStore();
    store.apply({ type: "friends_online", friends: { friends: [{ user: user(1), room: null }] } });
    store.seedFriends([]);
    expect(store.snapshot.friends).toHaveLength(1);
    const fresh = new LiveStore();
    fresh.seedFriends([{ user: user(3), room: null }]);
    expect(fresh.snapshot.friends?.[0]?.user.id).toBe(3);
  });
});
