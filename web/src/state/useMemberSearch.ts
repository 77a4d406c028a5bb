// Member search as you type: GET /api/users?q= after a short pause, ignoring stale answers.
import { useEffect, useState } from "react";
import { peopleApi } from "../api/people";
import { normalizeQuery } from "../format/people";
import type { UserSummary } from "../gen/UserSummary";
import { errorText, useLoad } from "./useLoad";

/** Pause after the last keystroke before searching, in milliseconds. */
const DEBOUNCE_MS = 200;

/** Results for `raw` (`null` while none asked or loading) and the last error. */
export function useMemberSearch(raw: string, limit: number): { users: UserSummary[] | null; error: string | null; q: string } {
  const q = normalizeQuery(raw);
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setUsers(null);
    setError(null);
  }, [q, limit]);
  useLoad(q ? () => peopleApi.search(q, limit) : null, [q, limit], {
    onData: (res) => setUsers(res.users),
    onError: (e) => setError(errorText(e)),
    delayMs: DEBOUNCE_MS,
  });
  return { users, error, q };
}
