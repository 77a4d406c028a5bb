// What an event page and card show for an event: its status label and which buttons appear.
import type { Event } from "../gen/Event";

/** Hosts may start the room this long before the scheduled time. */
export const START_EARLY_MS = 30 * 60_000;

/** The badge: "Live now", "Cancelled", "Ended", "Starting soon", "Late" or "Scheduled". */
export function eventStatusLabel(e: Pick<Event, "status" | "starts_at">, now: number): string {
  switch (e.status) {
    case "live":
      return "Live now";
    case "cancelled":
      return "Cancelled";
    case "ended":
      return "Ended";
    case "scheduled": {
      const start = Date.parse(e.starts_at);
      if (now >= start) return "Waiting for the host";
      if (start - now <= START_EARLY_MS) return "Starting soon";
      return "Scheduled";
    }
  }
}

/** The controls an event shows to the viewer. */
export interface EventControls {
  /** "Join" → the live room. */
  join: boolean;
  /** "Start this room" (managers; scheduled, from 30 min before). */
  start: boolean;
  /** Managers may start, but it is too early yet (the button is shown disabled). */
  startTooEarly: boolean;
  /** "Edit" and "Cancel event" (managers; scheduled only). */
  edit: boolean;
  /** The notify-me toggle (not for cancelled or ended events). */
  notify: boolean;
}

/** Which controls `e` shows at `now`. */
export function eventControls(e: Pick<Event, "status" | "starts_at" | "can_manage" | "room_id">, now: number): EventControls {
  const scheduled = e.status === "scheduled";
  const early = Date.parse(e.starts_at) - now > START_EARLY_MS;
  return {
    join: e.status === "live" && e.room_id !== null,
    start: scheduled && e.can_manage,
    startTooEarly: scheduled && e.can_manage && early,
    edit: scheduled && e.can_manage,
    notify: scheduled || e.status === "live",
  };
}

/** "Ada", "Ada and Bo", "Ada, Bo and Cy" from the hosts' display names. */
export function hostNames(hosts: { display_name: string }[]): string {
  const names = hosts.map((h) => h.display_name);
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;
}

/** "12 interested" / "1 interested" / "" when nobody. */
export function interestedLabel(n: number): string {
  return n > 0 ? `${n} interested` : "";
}

/** The event page's path. */
export function eventPath(id: number | string): string {
  return `/events/${encodeURIComponent(String(id))}`;
}
