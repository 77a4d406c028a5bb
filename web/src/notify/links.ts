// Where a notification leads when clicked, and the short label of its action button.
import type { Notification } from "../gen/Notification";

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
  }
}

/** The label of the one-click action ("Join", "View", "Wave in"). */
export function notificationAction(n: Notification): string {
  switch (n.kind) {
    case "pinged":
    case "room_started":
    case "went_on_stage":
    case "speak_invite":
      return "Join";
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
