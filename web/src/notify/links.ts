// Where a notification leads when clicked, and the short label of its action button.
import type { Notification } from "../gen/Notification";
import { clubPath } from "../clubs/permissions";
import { eventPath } from "../events/status";

/** The event page with `?start=1`: a host lands there and the room starts at once. */
export function eventStartPath(id: number | string): string {
  return `${eventPath(id)}?start=1`;
}

/** The in-app path a notification opens, or null when it leads nowhere. */
export function notificationHref(n: Notification): string | null {
  switch (n.kind) {
    case "pinged":
    case "room_started":
    case "went_on_stage":
    case "speak_invite":
      return n.room ? `/rooms/${encodeURIComponent(n.room.id)}` : null;
    case "new_follower":
    case "invite_used":
      return n.actor ? `/users/${encodeURIComponent(n.actor.username)}` : null;
    case "waitlist_named":
      return "/waiting";
    case "event_starting":
      return n.event ? eventStartPath(n.event.id) : null;
    case "event_live":
      if (n.room) return `/rooms/${encodeURIComponent(n.room.id)}`;
      return n.event ? eventPath(n.event.id) : null;
    case "event_changed":
    case "event_cancelled":
      return n.event ? eventPath(n.event.id) : null;
    case "club_join_requested":
      return n.club ? `${clubPath(n.club.id)}#requests` : null;
    case "club_join_approved":
      return n.club ? clubPath(n.club.id) : null;
    case "report_filed":
      return "/admin/reports";
    case "warned":
      return null;
  }
}

/** The label of the one-click action ("Join", "View", "Wave in"). */
export function notificationAction(n: Notification): string {
  switch (n.kind) {
    case "pinged":
    case "room_started":
    case "went_on_stage":
    case "speak_invite":
    case "event_live":
      return "Join";
    case "event_starting":
      return "Start this room";
    case "club_join_requested":
    case "report_filed":
      return "Review";
    case "waitlist_named":
      return "See who's waiting";
    default:
      return "View";
  }
}

/** "just now", "5 min ago", "3 h ago", "2 d ago" from two instants (ms). */
export function ago(createdAt: string, now: number): string {
  const t = Date.parse(createdAt);
  if (Number.isNaN(t)) return "";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
