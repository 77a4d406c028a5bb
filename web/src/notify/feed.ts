// The notification list behind the bell, as a pure reducer: pages fetched from
// GET /api/notifications ("load more"), live `notification` messages, marking read (opening the
// panel reads everything, keeping what was new highlighted while it is open), and notifications
// the server took back (`notifications_removed`: a speak invitation once answered).
import type { Notification } from "../gen/Notification";
import type { NotificationList } from "../gen/NotificationList";

/** The notifications known to the client, newest first. */
export interface Feed {
  items: Notification[];
  /** Cursor of the next (older) page; null when there is none. */
  nextCursor: string | null;
  /** The first page has arrived. */
  loaded: boolean;
  /** Ids that were unread when the panel opened: still shown as new until it closes. */
  fresh: number[];
}

/** Before anything is fetched. */
export const emptyFeed: Feed = { items: [], nextCursor: null, loaded: false, fresh: [] };

/** What can happen to the feed. */
export type FeedAction =
  | { type: "first_page"; page: NotificationList }
  | { type: "more"; page: NotificationList }
  | { type: "live"; notification: Notification }
  | { type: "read"; ids: number[] }
  | { type: "all_read" }
  | { type: "seen" }
  | { type: "closed" }
  | { type: "removed"; ids: number[] };

/** Merges `incoming` into `items`: one entry per id (the incoming one wins), newest first. */
export function mergeNotifications(items: Notification[], incoming: Notification[]): Notification[] {
  const byId = new Map<number, Notification>();
  for (const n of items) byId.set(n.id, n);
  for (const n of incoming) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** Folds one action into the feed. */
export function reduceFeed(feed: Feed, action: FeedAction): Feed {
  switch (action.type) {
    case "first_page":
      // A refresh of the newest page: keeps older pages already loaded (and their cursor).
      return {
        ...feed,
        items: mergeNotifications(feed.items, action.page.notifications),
        nextCursor: feed.loaded ? feed.nextCursor : action.page.next_cursor,
        loaded: true,
      };
    case "more":
      return { ...feed, items: mergeNotifications(feed.items, action.page.notifications), nextCursor: action.page.next_cursor };
    case "live":
      return { ...feed, items: mergeNotifications(feed.items, [action.notification]) };
    case "read": {
      const ids = new Set(action.ids);
      return { ...feed, items: feed.items.map((n) => (ids.has(n.id) && !n.read ? { ...n, read: true } : n)) };
    }
    case "all_read":
      return { ...feed, items: feed.items.map((n) => (n.read ? n : { ...n, read: true })) };
    case "seen": {
      // Opening the panel read everything; what was unread stays highlighted while it is open.
      const fresh = [...feed.fresh, ...feed.items.filter((n) => !n.read && !feed.fresh.includes(n.id)).map((n) => n.id)];
      return { ...reduceFeed(feed, { type: "all_read" }), fresh };
    }
    case "closed":
      return feed.fresh.length === 0 ? feed : { ...feed, fresh: [] };
    case "removed": {
      const gone = new Set(action.ids);
      return { ...feed, items: feed.items.filter((n) => !gone.has(n.id)), fresh: feed.fresh.filter((id) => !gone.has(id)) };
    }
  }
}

/** Whether `n` shows as new: unread, or unread when the panel opened. */
export function isNew(feed: Feed, n: Notification): boolean {
  return !n.read || feed.fresh.includes(n.id);
}

/** The badge text on the bell: "" for none, "99+" past 99. */
export function badgeText(unread: number | null): string {
  if (!unread || unread <= 0) return "";
  return unread > 99 ? "99+" : String(unread);
}
