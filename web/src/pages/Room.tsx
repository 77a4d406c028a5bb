// The room page (/rooms/:id) renders the app's room session (RoomSessionProvider): opening it
// joins the room (or keeps me in it), leaving the page does not leave the room. On the stage of
// another room I am asked first; once out of the room its notice shows until I go elsewhere.
import { useEffect, useLayoutEffect } from "react";
import { useTranslation } from "react-i18next";
import { RoomSwitch } from "../components/RoomSwitch";
import type { Profile } from "../gen/Profile";
import { useRoomSession } from "../room/RoomSessionProvider";
import { needsSwitchConfirm } from "../room/session";
import { useSocketStatus } from "../state/socket";
import { LiveRoom } from "./LiveRoom";
import { RoomGone } from "./RoomGone";

/** The live room, or what keeps me from it. */
export function RoomPage({ roomId, me }: { roomId: string; me: Profile }) {
  const { t } = useTranslation();
  const room = useRoomSession();
  const status = useSocketStatus();
  const { session, open, release } = room;
  const confirm = needsSwitchConfirm(session, roomId, me.id);

  // Before paint, so a stale notice of this room (from an earlier visit) never shows.
  useLayoutEffect(() => {
    if (!confirm) open(roomId);
  }, [roomId, confirm, open]);
  useEffect(() => () => release(roomId), [roomId, release]);

  if (confirm) {
    return <RoomSwitch roomId={roomId} currentId={session.roomId ?? ""} current={session.view.title} onSwitch={() => open(roomId)} />;
  }
  const mine = session.roomId === roomId;
  if (mine && session.view.gone) return <RoomGone reason={session.view.gone} />;
  if (!mine || !session.view.loaded) {
    return (
      <main className="page center" data-testid="room-loading">
        <p className="muted-text">{status === "open" ? t("room.joining") : t("room.connecting")}</p>
      </main>
    );
  }
  return <LiveRoom roomId={roomId} me={me} room={room} status={status} />;
}
