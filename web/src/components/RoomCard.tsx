// One live room in the hallway: title, who is on stage, how many listen.
import { listenerLabel, stageNames } from "../format/hallway";
import type { RoomSummary } from "../gen/RoomSummary";
import { Link } from "../router";
import { Avatar } from "./Avatar";

/** A hallway card linking to the room. */
export function RoomCard({ room }: { room: RoomSummary }) {
  return (
    <Link href={`/rooms/${encodeURIComponent(room.id)}`} className="room-card" data-testid="hallway-room" data-room-id={room.id}>
      <div className="room-card-title" data-testid="hallway-room-title">
        {room.title}
      </div>
      <div className="room-card-body">
        <span className="stack">
          {room.stage.slice(0, 3).map((u) => (
            <Avatar key={u.id} user={u} size={36} />
          ))}
        </span>
        <div className="grow">
          <div className="stage-names">{stageNames(room)}</div>
          <div className="muted-text" data-testid="hallway-room-listeners">
            {listenerLabel(room.listener_count)}
          </div>
        </div>
      </div>
    </Link>
  );
}
