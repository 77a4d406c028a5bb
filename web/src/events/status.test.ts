import { describe, expect, it } from "vitest";
import type { Event } from "../gen/Event";
import { user } from "../testing/fixtures";
import { eventControls, eventPath, eventStatusLabel, hostNames, interestedLabel } from "./status";

const now = Date.parse("2026-07-15T12:00:00Z");
function ev(extra: Partial<Event> = {}): Event {
  return {
    id: 7,
    title: "Rust hour",
    description: "",
    starts_at: "2026-07-15T14:00:00Z",
    hosts: [user(1, "Ada")],
    club: null,
    members_only: false,
    status: "scheduled",
    room_id: null,
    notify_me: false,
    interested: 0,
    can_manage: false,
    ...extra,
  };
}

describe("eventStatusLabel", () => {
  it("names each state", () => {
    expect(eventStatusLabel(ev(), now)).toBe("Scheduled");
    expect(eventStatusLabel(ev({ starts_at: "2026-07-15T12:20:00Z" }), now)).toBe("Starting soon");
    expect(eventStatusLabel(ev({ starts_at: "2026-07-15T11:50:00Z" }), now)).toBe("Waiting for the host");
    expect(eventStatusLabel(ev({ status: "live", room_id: "r1" }), now)).toBe("Live now");
    expect(eventStatusLabel(ev({ status: "ended" }), now)).toBe("Ended");
    expect(eventStatusLabel(ev({ status: "cancelled" }), now)).toBe("Cancelled");
  });
});

describe("eventControls", () => {
  it("lets members join a live event and ask to be notified of a scheduled one", () => {
    expect(eventControls(ev(), now)).toEqual({ join: false, start: false, startTooEarly: false, edit: false, notify: true });
    expect(eventControls(ev({ status: "live", room_id: "r1" }), now).join).toBe(true);
    expect(eventControls(ev({ status: "cancelled" }), now).notify).toBe(false);
    expect(eventControls(ev({ status: "ended" }), now).notify).toBe(false);
  });

  it("gives managers start/edit/cancel while scheduled; start only from 30 min before", () => {
    const far = eventControls(ev({ can_manage: true }), now);
    expect(far).toMatchObject({ start: true, startTooEarly: true, edit: true });
    const soon = eventControls(ev({ can_manage: true, starts_at: "2026-07-15T12:30:00Z" }), now);
    expect(soon).toMatchObject({ start: true, startTooEarly: false, edit: true });
    const live = eventControls(ev({ can_manage: true, status: "live", room_id: "r" }), now);
    expect(live).toMatchObject({ join: true, start: false, edit: false });
    expect(eventControls(ev({ can_manage: true, status: "cancelled" }), now)).toMatchObject({ start: false, edit: false });
  });
});

describe("labels", () => {
  it("names hosts and interest", () => {
    expect(hostNames([])).toBe("");
    expect(hostNames([user(1, "Ada")])).toBe("Ada");
    expect(hostNames([user(1, "Ada"), user(2, "Bo")])).toBe("Ada and Bo");
    expect(hostNames([user(1, "Ada"), user(2, "Bo"), user(3, "Cy")])).toBe("Ada, Bo, and Cy");
    expect(interestedLabel(0)).toBe("");
    expect(interestedLabel(3)).toBe("3 interested");
    expect(eventPath(7)).toBe("/events/7");
  });
});
