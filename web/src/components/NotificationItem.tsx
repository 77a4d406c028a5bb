// One notification (in the bell's list or as a live toast): who, what, when, and a click that
// marks it read and opens what it is about (a room: one click joins, even a closed room).
import { useTranslation } from "react-i18next";
import type { Notification } from "../gen/Notification";
import { ago, notificationAction, notificationHref } from "../notify/links";
import { navigate } from "../router";
import { Avatar } from "./Avatar";

interface Props {
  n: Notification;
  /** Shown as new (default: while unread). */
  isNew?: boolean;
  onOpen(n: Notification): void;
  testId: string;
}

/** A clickable notification row. */
export function NotificationItem({ n, isNew = !n.read, onOpen, testId }: Props) {
  // Re-renders on a language change (the action and the time are translated).
  useTranslation();
  const href = notificationHref(n);
  const open = () => {
    onOpen(n);
    if (href) navigate(href);
  };
  return (
    <button
      type="button"
      className={isNew ? "notif unread" : "notif"}
      data-testid={testId}
      data-kind={n.kind}
      data-id={n.id}
      data-read={String(n.read)}
      onClick={open}
    >
      {n.actor ? <Avatar user={n.actor} size={34} /> : <span className="notif-dot" aria-hidden />}
      <span className="grow">
        <span className="notif-text">{n.text}</span>
        <span className="notif-meta muted-text">
          {ago(n.created_at, Date.now())}
          {href && <span className="notif-action"> · {notificationAction(n)}</span>}
        </span>
      </span>
    </button>
  );
}
