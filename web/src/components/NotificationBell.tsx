// The bell in the top bar: unread badge (live over the socket), a dropdown with the
// notifications ("load more"; opening it reads them all, so the badge clears, and what was new
// stays highlighted while it is open), and live notifications as clickable toasts.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFocusTrap } from "../a11y/useFocusTrap";
import { createPortal } from "react-dom";
import { badgeText, isNew } from "../notify/feed";
import { useNotifications } from "../notify/useNotifications";
import { NotificationItem } from "./NotificationItem";

function BellIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
      <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16Z" />
      <path d="M10 20.5a2 2 0 0 0 4 0" />
    </svg>
  );
}

/** The open dropdown: focus moves in, Tab stays inside, Escape or a click elsewhere closes it. */
function Panel({ notes, onClose, onOpen }: { notes: ReturnType<typeof useNotifications>; onClose(): void; onOpen(n: Parameters<typeof notes.markRead>[0]): void }) {
  const { t } = useTranslation();
  const trap = useFocusTrap<HTMLDivElement>(onClose, { modal: false });
  return (
    <>
      {createPortal(<div className="backdrop" onClick={onClose} />, document.body)}
      <div ref={trap} className="notif-panel" role="dialog" aria-label={t("notifications.title")} data-testid="notification-panel">
        <div className="notif-head">
          <h2 className="grow notif-title">{t("notifications.title")}</h2>
        </div>
        {notes.loadError && <p className="error-text notif-empty">{notes.loadError}</p>}
        {!notes.feed.loaded ? (
          !notes.loadError && <p className="muted-text notif-empty">{t("common.loading")}</p>
        ) : notes.feed.items.length === 0 ? (
          <p className="muted-text notif-empty">{t("notifications.empty")}</p>
        ) : (
          <div className="notif-list">
            {notes.feed.items.map((n) => (
              <NotificationItem key={n.id} n={n} isNew={isNew(notes.feed, n)} onOpen={onOpen} testId="notification" />
            ))}
          </div>
        )}
        {notes.feed.nextCursor && (
          <button type="button" className="btn btn-small btn-wide" data-testid="notification-more" disabled={notes.busy} onClick={notes.loadMore}>
            {t("common.loadMore")}
          </button>
        )}
      </div>
    </>
  );
}

/** The notification bell and its live toasts. */
export function NotificationBell() {
  const { t } = useTranslation();
  const notes = useNotifications();
  const [open, setOpen] = useState(false);
  const badge = badgeText(notes.unread);
  const close = () => {
    notes.closed();
    setOpen(false);
  };
  const toggle = () => {
    if (open) return close();
    notes.opened();
    setOpen(true);
  };
  const onOpen = (n: Parameters<typeof notes.markRead>[0]) => {
    notes.markRead(n);
    close();
  };
  return (
    <div className="bell-wrap">
      <button
        type="button"
        className="btn btn-small bell"
        data-testid="notification-bell"
        data-unread={notes.unread ?? 0}
        aria-label={badge ? t("notifications.unread", { count: notes.unread ?? 0 }) : t("notifications.title")}
        aria-expanded={open}
        onClick={toggle}
      >
        <BellIcon />
        {badge && (
          <span className="bell-badge" data-testid="notification-badge">
            {badge}
          </span>
        )}
      </button>
      {open && <Panel notes={notes} onClose={close} onOpen={onOpen} />}
      {/* In <body>: the top bar's backdrop-filter would otherwise anchor position:fixed to it. */}
      {notes.toasts.length > 0 &&
        createPortal(
          <div className="notif-toasts" aria-live="polite">
            {notes.toasts.map((n) => (
              <div key={n.id} className="notif-toast">
                <NotificationItem n={n} onOpen={notes.markRead} testId="notification-toast" />
                <button type="button" className="notif-close" aria-label={t("notifications.dismiss")} onClick={() => notes.dismissToast(n.id)}>
                  ×
                </button>
              </div>
            ))}
          </div>,
          document.body,
        )}
    </div>
  );
}
