// Shown when I am no longer in a room: it ended, I was removed, or another tab took over.
import { Link } from "../router";
import { goneText, goneTitle, type GoneReason } from "../room/gone";

/** The end-of-room notice. */
export function RoomGone({ reason }: { reason: GoneReason }) {
  return (
    <main className="page center" data-testid="room-gone" data-reason={reason}>
      <div className="card narrow">
        <h2>{goneTitle(reason)}</h2>
        <p>{goneText(reason)}</p>
        <Link href="/" className="btn btn-primary">
          Back to the hallway
        </Link>
      </div>
    </main>
  );
}
