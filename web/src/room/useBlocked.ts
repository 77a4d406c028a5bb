// The members the viewer blocked, fetched once when a room page opens (for the warning banner).
import { useState } from "react";
import { liveApi } from "../api/liveEndpoints";
import type { UserSummary } from "../gen/UserSummary";
import { useLoad } from "../state/useLoad";

/** Blocked members (empty until loaded, and on failure: the banner is a courtesy). */
export function useBlocked(): UserSummary[] {
  const [blocked, setBlocked] = useState<UserSummary[]>([]);
  useLoad(() => liveApi.blocks(), [], { onData: (b) => setBlocked(b.users) });
  return blocked;
}
