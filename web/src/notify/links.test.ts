import { describe, expect, it } from "vitest";
import type { Notification } from "../gen/Notification";
import type { NotificationKind } from "../gen/NotificationKind";
import { user } from "../testing/fixtures";
import { ago, notificationAction, notificationHref } from "./links";

function note(kind: NotificationKind, room: Notification["room"] = { id: "r 1", title: "T" }): Notification {
  return { id: 1, kind, actor: user(2, "Bo"), room, waitlist_username: "newbie", text: "", created_at: "", read: false };
}

describe("notificationHref", () => {
  it("opens the room for room notifications (one click joins)", () => {
    for (const k of ["pinged", "room_started", "went_on_stage", "speak_invite"] as const) {
      expect(notificationHref(note(k))).toBe("/rooms/r%201");
      expect(notificationAction(note(k))).toBe("Join");
    }
    expect(notificationHref(note("pinged", null))).toBeNull();
  });

  it("opens the actor's profile or the waiting list otherwise", () => {
    expect(notificationHref(note("new_follower"))).toBe("/users/u2");
    expect(notificationHref(note("invite_used"))).toBe("/users/u2");
    expect(notificationHref(note("waitlist_named"))).toBe("/waiting");
  });
});

describe("ago", () => {
  const t0 = Date.parse("2024-01-01T00:00:00Z");
  it("says how long ago in short words", () => {
    expect(ago("2024-01-01T00:00:00Z", t0 + 5_000)).toBe("just now");
    expect(ago("2024-01-01T00:00:00Z", t0 + 5 * 60_000)).toBe("5 min ago");
    expect(ago("2024-01-01T00:00:00Z", t0 + 3 * 3600_000)).toBe("3 h ago");
    expect(ago("2024-01-01T00:00:00Z", t0 + 49 * 3600_000)).toBe("2 d ago");
    expect(ago("garbage", t0)).toBe("");
  });
});
