// Shown when I am no longer in a room: it ended, I was removed, or another tab took over.
import type { LeaveReason } from "../gen/LeaveReason";
import { Link } from "../router";

const TEXT: Record<LeaveReason | "replaced", string> = {
  left: "You left the room.",
  removed: "A moderator removed you from this room.",
  disconnected: "Your connection was lost for too long.",
  room_ended: "This room has ended.",
  replaced: "This room is open in another tab or window.",
};

/** The end-of-room notice. */
export function RoomGone({ reason }: { reason: LeaveReason | "replaced" }) {
  return (
    <main className="page center" data-testid="room-gone" data-reason={reason}>
      <div className="card narrow">
        <h2>{reason === "room_ended" ? "Room ended" : "You're out of the room"}</h2>
        <p>{TEXT[reason]}</p>
        <Link href="/" className="btn btn-primary">
          Back to the hallway
        </Link>
      </div>
    </main>
  );
}
