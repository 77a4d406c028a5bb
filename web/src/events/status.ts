// What an event page and card show for an event: its status label and which buttons appear.
import type { Event } from "../gen/Event";
import { listText } from "../i18n/format";
import { t } from "../i18n";

/** Hosts may start the room this long before the scheduled time. */
export const START_EARLY_MS = 30 * 60_000;

/** The badge: "Live now", "Cancelled", "Ended", "Starting soon", "Late" or "Scheduled". */
export function eventStatusLabel(e: Pick<Event, "status" | "starts_at">, now: number): string {
  switch (e.status) {
    case "live":
      return t("events.status.live");
    case "cancelled":
      return t("events.status.cancelled");
    case "ended":
      return t("events.status.ended");
    case "scheduled": {
      const start = Date.parse(e.starts_at);
      if (now >= start) return t("events.status.waiting");
      if (start - now <= START_EARLY_MS) return t("events.status.soon");
      return t("events.status.scheduled");
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

/** "Ada", "Ada and Bo", "Ada, Bo, and Cy" (in the active language) from the hosts' display names. */
export function hostNames(hosts: { display_name: string }[]): string {
  return listText(hosts.map((h) => h.display_name));
}

/** "12 interested" / "1 interested" / "" when nobody. */
export function interestedLabel(n: number): string {
  return n > 0 ? t("events.interested", { count: n }) : "";
}

/** The event page's path. */
export function eventPath(id: number | string): string {
  return `/events/${encodeURIComponent(String(id))}`;
}
