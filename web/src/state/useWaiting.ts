// "Waiting for you": the waitlist entries that named the signed-in member, refreshed when a
// `waitlist_named` notification arrives, when this tab waved someone in, and every minute.
import { useCallback, useEffect, useState } from "react";
import { peopleApi } from "../api/people";
import type { WaitingEntry } from "../gen/WaitingEntry";
import { useSocket } from "./socket";

const CHANGED = "stoa:waiting-changed";
const REFRESH_MS = 60_000;

/** Tells every `useWaiting` in the tab to reload (after a wave). */
export function waitingChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** The entries (`null` until loaded), the last error, and a reload function. */
export function useWaiting(): { entries: WaitingEntry[] | null; error: string | null; reload(): Promise<void> } {
  const socket = useSocket();
  const [entries, setEntries] = useState<WaitingEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      peopleApi.waiting().then(
        (w) => {
          setEntries(w.entries);
          setError(null);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      ),
    [],
  );
  useEffect(() => {
    void reload();
    const onChange = () => void reload();
    window.addEventListener(CHANGED, onChange);
    const timer = setInterval(onChange, REFRESH_MS);
    const unsubscribe = socket?.subscribe({
      onMessage: (msg) => {
        if (msg.type === "notification" && msg.notification.kind === "waitlist_named") onChange();
      },
    });
    return () => {
      window.removeEventListener(CHANGED, onChange);
      clearInterval(timer);
      unsubscribe?.();
    };
  }, [reload, socket]);
  return { entries, error, reload };
}
