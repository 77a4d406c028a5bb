// A polite live region (visually hidden) that tells screen readers how my situation in the room
// changes, on any page: hand raised, invited to speak, on stage, muted (room/announce.ts).
// Changes are gathered for a moment first: an invitation arrives as a flag, then its sender.
import { useEffect, useRef, useState } from "react";
import type { UserId } from "../gen/UserId";
import { announcements, announceState, type AnnounceState } from "../room/announce";
import { useRoomSession } from "../room/RoomSessionProvider";

const SETTLE_MS = 250;

/** The live region. */
export function RoomAnnouncer({ me }: { me: UserId }) {
  const { session } = useRoomSession();
  // The snapshot last announced (or first seen) in the current room.
  const base = useRef<{ roomId: string | null; state: AnnounceState } | null>(null);
  const [text, setText] = useState("");
  const next = announceState(session.view, me);
  const key = JSON.stringify(next);
  const roomId = session.roomId;
  useEffect(() => {
    if (base.current?.roomId !== roomId || base.current.state.role === null) {
      base.current = { roomId, state: next };
      return;
    }
    const from = base.current.state;
    const timer = setTimeout(() => {
      base.current = { roomId, state: next };
      const said = announcements(from, next);
      if (said.length > 0) setText(said.join(" "));
    }, SETTLE_MS);
    return () => clearTimeout(timer);
    // `key` stands for `next` (a new object every render).
  }, [key, roomId]);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="room-announcer">
      {text}
    </div>
  );
}
