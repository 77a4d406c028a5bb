// Site admins: how many reports wait in the queue, for the top bar's "Admin" link and the
// queue's "Open" tab. Reloaded when a `report_filed` notification arrives, when this tab
// resolved a report, and every minute; never asked for by members.
import { useCallback, useEffect, useState } from "react";
import { modApi } from "../api/moderation";
import { useSocket } from "./socket";

const CHANGED = "stoa:reports-changed";
const REFRESH_MS = 60_000;

/** Tells every `useReportCount` in the tab to reload (after a report was resolved). */
export function reportsChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** The number of open reports (`null` until known, and always for members). */
export function useReportCount(isAdmin: boolean): number | null {
  const socket = useSocket();
  const [open, setOpen] = useState<number | null>(null);
  const reload = useCallback(
    () =>
      modApi.reportCount().then(
        (c) => setOpen(c.open),
        () => undefined, // the link works without its count; the next reload tries again
      ),
    [],
  );
  useEffect(() => {
    if (!isAdmin) return;
    void reload();
    const onChange = () => void reload();
    window.addEventListener(CHANGED, onChange);
    const timer = setInterval(onChange, REFRESH_MS);
    const unsubscribe = socket?.subscribe({
      onMessage: (msg) => {
        if (msg.type === "notification" && msg.notification.kind === "report_filed") onChange();
      },
    });
    return () => {
      window.removeEventListener(CHANGED, onChange);
      clearInterval(timer);
      unsubscribe?.();
    };
  }, [isAdmin, reload, socket]);
  return isAdmin ? open : null;
}
