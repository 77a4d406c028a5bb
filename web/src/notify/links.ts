// Where a notification leads when clicked, and the short label of its action button.
import type { Notification } from "../gen/Notification";
import { clubPath } from "../clubs/permissions";
import { eventPath } from "../events/status";
import { t } from "../i18n";
import { agoText } from "../i18n/format";

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
      return t("notifications.action.join");
    case "event_starting":
      return t("notifications.action.start");
    case "club_join_requested":
    case "report_filed":
      return t("notifications.action.review");
    case "waitlist_named":
      return t("notifications.action.waiting");
    default:
      return t("notifications.action.view");
  }
}

/** "just now", "5 min. ago", "3 hr. ago", "2 days ago" (through `Intl`, in the active language). */
export function ago(createdAt: string, now: number): string {
  return agoText(createdAt, now);
}
