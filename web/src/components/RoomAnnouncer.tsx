// A polite live region (visually hidden) that tells screen readers how my situation in the room
// changes, on any page: hand raised, invited to speak, on stage, muted (room/announce.ts).
import { useEffect, useRef, useState } from "react";
import type { UserId } from "../gen/UserId";
import { announcements, announceState, type AnnounceState } from "../room/announce";
import { useRoomSession } from "../room/RoomSessionProvider";

/** The live region. */
export function RoomAnnouncer({ me }: { me: UserId }) {
  const { session } = useRoomSession();
  const prev = useRef<{ roomId: string | null; state: AnnounceState } | null>(null);
  const [text, setText] = useState("");
  const next = announceState(session.view, me);
  const key = JSON.stringify(next);
  useEffect(() => {
    const before = prev.current?.roomId === session.roomId ? prev.current.state : null;
    prev.current = { roomId: session.roomId, state: next };
    const said = announcements(before, next);
    if (said.length > 0) setText(said.join(" "));
    // `key` stands for `next` (a new object every render).
  }, [key, session.roomId]);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="room-announcer">
      {text}
    </div>
  );
}
