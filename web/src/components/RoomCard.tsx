// One live room in the hallway: title, who is on stage, how many listen.
import type { RoomSummary } from "../gen/RoomSummary";
import { Link } from "../router";
import { Avatar } from "./Avatar";

/** A hallway card linking to the room. */
export function RoomCard({ room }: { room: RoomSummary }) {
  const names = room.stage.map((u) => u.display_name);
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
          <div className="stage-names">{names.length > 0 ? names.join(", ") : "Nobody on stage"}</div>
          <div className="muted-text" data-testid="hallway-room-listeners">
            {room.listener_count} {room.listener_count === 1 ? "listener" : "listeners"}
          </div>
        </div>
      </div>
    </Link>
  );
}
