import { describe, expect, it } from "vitest";
import type { Notification } from "../gen/Notification";
import type { NotificationKind } from "../gen/NotificationKind";
import { user } from "../testing/fixtures";
import { ago, notificationAction, notificationHref } from "./links";

function note(kind: NotificationKind, room: Notification["room"] = { id: "r 1", title: "T" }): Notification {
  return { id: 1, kind, actor: user(2, "Bo"), room, waitlist_username: "newbie", event: null, club: null, text: "", created_at: "", read: false };
}

const event = { id: 9, title: "Rust hour", starts_at: "2026-07-15T14:00:00Z" };
const club = { id: 4, name: "Rustaceans" };

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

describe("notificationHref for events and clubs", () => {
  it("takes a host from event_starting to the event page that starts the room", () => {
    const n = { ...note("event_starting", null), event };
    expect(notificationHref(n)).toBe("/events/9?start=1");
    expect(notificationAction(n)).toBe("Start this room");
  });

  it("opens the live room for event_live (the event page without a room)", () => {
    expect(notificationHref({ ...note("event_live"), event })).toBe("/rooms/r%201");
    expect(notificationAction(note("event_live"))).toBe("Join");
    expect(notificationHref({ ...note("event_live", null), event })).toBe("/events/9");
  });

  it("opens the event page for changes and cancellations", () => {
    for (const k of ["event_changed", "event_cancelled"] as const) {
      expect(notificationHref({ ...note(k, null), event })).toBe("/events/9");
      expect(notificationAction(note(k))).toBe("View");
      expect(notificationHref(note(k, null))).toBeNull();
    }
  });

  it("opens the club (its requests for admins); a warning leads nowhere", () => {
    expect(notificationHref({ ...note("club_join_requested", null), club })).toBe("/clubs/4#requests");
    expect(notificationAction(note("club_join_requested"))).toBe("Review");
    expect(notificationHref(note("report_filed"))).toBe("/admin/reports");
    expect(notificationAction(note("report_filed"))).toBe("Review");
    expect(notificationHref({ ...note("club_join_approved", null), club })).toBe("/clubs/4");
    expect(notificationHref(note("club_join_approved", null))).toBeNull();
    expect(notificationHref(note("warned", null))).toBeNull();
  });
});

describe("ago", () => {
  const t0 = Date.parse("2024-01-01T00:00:00Z");
  it("says how long ago in short words", () => {
    expect(ago("2024-01-01T00:00:00Z", t0 + 5_000)).toBe("just now");
    expect(ago("2024-01-01T00:00:00Z", t0 + 5 * 60_000)).toBe("5 min. ago");
    expect(ago("2024-01-01T00:00:00Z", t0 + 3 * 3600_000)).toBe("3 hr. ago");
    expect(ago("2024-01-01T00:00:00Z", t0 + 49 * 3600_000)).toBe("2 days ago");
    expect(ago("garbage", t0)).toBe("");
  });
});
