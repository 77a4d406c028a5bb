// Asked on the page of another room while I am on the stage of mine: switching leaves my room
// (a moderator's leaving may hand it over or end it), so it takes an explicit click.
import { useState } from "react";
import { api } from "../api/endpoints";
import { Link } from "../router";
import { roomPath } from "../room/paths";
import { useLoad } from "../state/useLoad";

interface Props {
  /** The room of this page. */
  roomId: string;
  /** The room I am in, and its title. */
  currentId: string;
  current: string;
  /** Leave my room and join this page's room. */
  onSwitch(): void;
}

/** "Joining <room> takes you out of <my room>." */
export function RoomSwitch({ roomId, currentId, current, onSwitch }: Props) {
  // The title is a courtesy: "this room" until (or unless) it loads.
  const [title, setTitle] = useState<string | null>(null);
  useLoad(() => api.room(roomId), [roomId], { onData: (r) => setTitle(r.title) });
  return (
    <main className="page center" data-testid="room-switch">
      <div className="card narrow">
        <h2>You're on stage in another room</h2>
        <p>
          Joining {title ? <strong data-testid="room-switch-title">{title}</strong> : "this room"} takes you out of{" "}
          <strong>{current}</strong>.
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
