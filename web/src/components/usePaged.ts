// A list loaded a page at a time by cursor ("Load more"): the first page on mount and whenever
// `fetchPage` changes, later pages appended with `merge`.
import { useCallback, useEffect, useState } from "react";

/** One page: its items and the cursor of the next one (`null`: no more). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * `items` is `null` until the first page arrives; `load(null)` starts over, `load(cursor)` appends.
 * A failed load sets `error`, or calls `onError` instead when given. Keep `fetchPage`, `merge`
 * and `onError` stable (e.g. `useCallback`).
 */
export function usePaged<T>(fetchPage: (from: string | null) => Promise<Page<T>>, merge: (list: T[], page: T[]) => T[], onError?: (message: string) => void) {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (from: string | null) => {
      setBusy(true);
      setError(null);
      try {
        const page = await fetchPage(from);
        setItems((prev) => merge(from === null ? [] : (prev ?? []), page.items));
        setCursor(page.next);
      } catch (e) {
        if (onError) onError(messageOf(e));
        else setError(messageOf(e));
      } finally {
        setBusy(false);
      }
    },
    [fetchPage, merge, onError],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return { items, cursor, busy, error, load };
}
