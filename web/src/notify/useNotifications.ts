// The bell's data: the notification feed (first page on mount, "load more"), live
// notifications from the socket (also shown as toasts for a while), marking read (opening the
// panel reads all: the count clears), and notifications the server took back.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { liveApi } from "../api/liveEndpoints";
import type { Notification } from "../gen/Notification";
import { useAuth } from "../state/auth";
import { useLive, useLiveStore } from "../state/live";
import { useSocket } from "../state/socket";
import { useToast } from "../state/toasts";
import { emptyFeed, reduceFeed, type Feed } from "./feed";

/** How long a live notification stays on screen as a toast. */
export const LIVE_TOAST_MS = 12_000;
const PAGE = 20;

/** Everything the bell and the live toasts need. */
export interface Notifications {
  feed: Feed;
  unread: number | null;
  /** Live notifications still shown as toasts, oldest first. */
  toasts: Notification[];
  busy: boolean;
  /** Why the last refresh failed (shown in the dropdown), if it did. */
  loadError: string | null;
  /** The dropdown opened: fetches the newest page and reads everything (the count clears). */
  opened(): void;
  /** The dropdown closed: nothing shows as new any more. */
  closed(): void;
  loadMore(): void;
  markRead(n: Notification): void;
  dismissToast(id: number): void;
}

/** The signed-in member's notifications. */
export function useNotifications(): Notifications {
  const socket = useSocket();
  const store = useLiveStore();
  const { unread } = useLive();
  const toast = useToast();
  const [feed, dispatch] = useReducer(reduceFeed, emptyFeed);
  const [toasts, setToasts] = useState<Notification[]>([]);
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const report = useCallback((e: unknown) => toast(e instanceof Error ? e.message : String(e)), [toast]);

  const dismissToast = useCallback((id: number) => setToasts((t) => t.filter((n) => n.id !== id)), []);

  useEffect(() => {
    const pending = timers.current;
    const unsubscribe = socket?.subscribe({
      onMessage: (msg) => {
        if (msg.type === "notifications_removed") {
          // No longer applies (a speak invitation answered): out of the list and the toasts.
          dispatch({ type: "removed", ids: msg.ids });
          setToasts((t) => t.filter((x) => !msg.ids.includes(x.id)));
          return;
        }
        if (msg.type !== "notification") return;
        const n = msg.notification;
        dispatch({ type: "live", notification: n });
        setToasts((t) => [...t.filter((x) => x.id !== n.id).slice(-2), n]);
        const timer = setTimeout(() => {
          pending.delete(timer);
          dismissToast(n.id);
        }, LIVE_TOAST_MS);
        pending.add(timer);
      },
    });
    return () => {
      unsubscribe?.();
      pending.forEach(clearTimeout);
      pending.clear();
    };
  }, [socket, dismissToast]);

  const refresh = useCallback(
    (thenSeen = false) => {
      liveApi.notifications(null, PAGE).then(
        (page) => {
          dispatch({ type: "first_page", page });
          setLoadError(null);
          // The socket's count is newer when it has spoken; REST fills in until then.
          if (store && store.snapshot.unread === null) store.setUnread(page.unread);
          if (thenSeen && (page.unread > 0 || (store?.snapshot.unread ?? 0) > 0)) {
            dispatch({ type: "seen" });
            liveApi.markRead({ all: true }).then((r) => store?.setUnread(r.unread), report);
          }
        },
        (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
      );
    },
    [store, report],
  );

  // Again when my language changes: the server writes the texts in it.
  const language = useAuth().me?.language;
  useEffect(() => refresh(), [refresh, language]);

  const opened = useCallback(() => refresh(true), [refresh]);
  const closed = useCallback(() => dispatch({ type: "closed" }), []);

  const loadMore = useCallback(() => {
    if (!feed.nextCursor) return;
    setBusy(true);
    liveApi
      .notifications(feed.nextCursor, PAGE)
      .then((page) => dispatch({ type: "more", page }), report)
      .finally(() => setBusy(false));
  }, [feed.nextCursor, report]);

  const markRead = useCallback(
    (n: Notification) => {
      dismissToast(n.id);
      if (n.read) return;
      dispatch({ type: "read", ids: [n.id] });
      liveApi.markRead({ ids: [n.id] }).then((r) => store?.setUnread(r.unread), report);
    },
    [store, report, dismissToast],
  );

  return { feed, unread, toasts, busy, loadError, opened, closed, loadMore, markRead, dismissToast };
}
