// A member's followers or following, a page at a time with "Load more".
import { useCallback, useEffect, useState } from "react";
import { peopleApi, type FollowDirection } from "../api/people";
import { appendPage } from "../format/people";
import type { UserSummary } from "../gen/UserSummary";
import { UserRow } from "./UserRow";

/** The list; remount (change `key`) to start over from the first page. */
export function FollowList({ username, direction }: { username: string; direction: FollowDirection }) {
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (from: string | null) => {
      setBusy(true);
      setError(null);
      try {
        const page = await peopleApi.followList(username, direction, from);
        setUsers((prev) => appendPage(from === null ? [] : (prev ?? []), page.users));
        setCursor(page.next_cursor);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setBusy(false);
      }
    },
    [username, direction],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const empty = direction === "followers" ? "No followers yet." : "Not following anyone yet.";
  return (
    <div data-testid={`${direction}-list`}>
      {error && <p className="error-text">{error}</p>}
      {users === null && !error && <p className="muted-text">Loading…</p>}
      {users?.length === 0 && <p className="muted-text">{empty}</p>}
      <ul className="user-list">
        {users?.map((u) => <UserRow key={u.id} user={u} testId={`${direction}-row`} />)}
      </ul>
      {cursor && (
        <button type="button" className="btn btn-small load-more" data-testid="load-more" disabled={busy} onClick={() => void load(cursor)}>
          {busy ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
