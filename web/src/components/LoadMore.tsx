// The "Load more" button under a paged list.

/** Shown only while there is a next page (`cursor`). */
export function LoadMore({ cursor, busy, load }: { cursor: string | null; busy: boolean; load(from: string): Promise<void> }) {
  if (!cursor) return null;
  return (
    <button type="button" className="btn btn-small load-more" data-testid="load-more" disabled={busy} onClick={() => void load(cursor)}>
      {busy ? "Loading…" : "Load more"}
    </button>
  );
}
