// Asked on the page of another room while I am on the stage of mine: switching leaves my room
// (a moderator's leaving may hand it over or end it), so it takes an explicit click.
import { Link } from "../router";
import { roomPath } from "../room/paths";

interface Props {
  /** The title of the room I am in. */
  current: string;
  currentId: string;
  /** Leave my room and join this page's room. */
  onSwitch(): void;
}

/** "Leave <room> and join this one?" */
export function RoomSwitch({ current, currentId, onSwitch }: Props) {
  return (
    <main className="page center" data-testid="room-switch">
      <div className="card narrow">
        <h2>You're on stage in another room</h2>
        <p>
          Joining this room takes you out of <strong>{current}</strong>.
        </p>
        <div className="row wrap">
          <button type="button" className="btn btn-primary" data-testid="room-switch-join" onClick={onSwitch}>
            Leave it and join
          </button>
          <Link href={roomPath(currentId)} className="btn" data-testid="room-switch-back">
            Back to {current}
          </Link>
        </div>
      </div>
    </main>
  );
}
