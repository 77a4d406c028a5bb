// The viewer's clubs (GET /api/me/clubs), for the club selects of the room and event forms.
import { useState } from "react";
import { clubsApi } from "../api/clubs";
import type { ClubSummary } from "../gen/ClubSummary";
import { useLoad } from "./useLoad";

/** The viewer's clubs (`null` until loaded; `[]` when the call fails). */
export function useMyClubs(): ClubSummary[] | null {
  const [clubs, setClubs] = useState<ClubSummary[] | null>(null);
  useLoad(() => clubsApi.mine(), [], { onData: (list) => setClubs(list.clubs), onError: () => setClubs([]) });
  return clubs;
}
