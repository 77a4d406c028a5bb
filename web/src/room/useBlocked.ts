// The members the viewer blocked, fetched once when a room page opens (for the warning banner).
import { useEffect, useState } from "react";
import { liveApi } from "../api/liveEndpoints";
import type { UserSummary } from "../gen/UserSummary";

/** Blocked members (empty until loaded, and on failure: the banner is a courtesy). */
export function useBlocked(): UserSummary[] {
  const [blocked, setBlocked] = useState<UserSummary[]>([]);
  useEffect(() => {
    let live = true;
    liveApi.blocks().then(
      (b) => live && setBlocked(b.users),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return blocked;
}
