// The viewer's clubs (GET /api/me/clubs), for the club selects of the room and event forms.
import { useEffect, useState } from "react";
import { clubsApi } from "../api/clubs";
import type { ClubSummary } from "../gen/ClubSummary";

/** The viewer's clubs (`null` until loaded; `[]` when the call fails). */
export function useMyClubs(): ClubSummary[] | null {
  const [clubs, setClubs] = useState<ClubSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    clubsApi.mine().then(
      (list) => live && setClubs(list.clubs),
      () => live && setClubs([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return clubs;
}
