// One live room in the hallway: title (with a social/closed badge), why it is there, who is on
// stage, how many listen.
import { useTranslation } from "react-i18next";
import { listenerLabel, reasonText, stageNames } from "../format/hallway";
import type { RoomSummary } from "../gen/RoomSummary";
import { kindBadge, kindHelp } from "../room/kind";
import { Link } from "../router";
import { Avatar } from "./Avatar";

/** A hallway card linking to the room. */
export function RoomCard({ room }: { room: RoomSummary }) {
  const { t } = useTranslation();
  const badge = kindBadge(room.kind);
  return (
    <Link href={`/rooms/${encodeURIComponent(room.id)}`} className="room-card" data-testid="hallway-room" data-room-id={room.id}>
      <div className="room-card-head">
        <div className="room-card-title" data-testid="hallway-room-title">
          {room.title}
        </div>
        {room.club && (
          <span className="pill club-badge" data-testid="hallway-room-club">
            {room.club.name}
            {room.members_only && ` · ${t("common.membersOnly")}`}
          </span>
        )}
        {badge && (
          <span className={`pill kind-${room.kind}`} data-testid="hallway-room-kind" title={kindHelp(room.kind)}>
            {badge}
          </span>
        )}
      </div>
      {room.reason && (
        <div className="room-reason" data-testid="hallway-room-reason">
          {reasonText(room.reason, room)}
        </div>
      )}
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
