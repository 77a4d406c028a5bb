// The persistent mini-player, on every page but my room's own while I am in a room: its title,
// the faces of who is speaking, my control (mute on stage, raise hand in the audience), "Back to
// room" and "Leave". Browsing keeps me in the room; leaving is this explicit click.
import { useTranslation } from "react-i18next";
import type { Profile } from "../gen/Profile";
import { controlMessage, miniPlayerView, type MiniControl } from "../room/miniPlayer";
import { roomPath } from "../room/paths";
import { useRoomSession } from "../room/RoomSessionProvider";
import { Link, usePath } from "../router";
import { Avatar } from "./Avatar";
import { HandIcon, MicIcon, MicOffIcon } from "./icons";
import "./MiniPlayer.css";

// A toggle with a fixed name and its state in `aria-pressed` (muted, hand raised).
type ControlText = "controls.mute" | "controls.mutedUnmute" | "controls.raiseHand" | "controls.handRaisedLower";
const CONTROL: Record<MiniControl, { label: ControlText; title: ControlText; pressed: boolean; live: boolean }> = {
  mute: { label: "controls.mute", title: "controls.mute", pressed: false, live: true },
  unmute: { label: "controls.mute", title: "controls.mutedUnmute", pressed: true, live: false },
  raise_hand: { label: "controls.raiseHand", title: "controls.raiseHand", pressed: false, live: false },
  lower_hand: { label: "controls.raiseHand", title: "controls.handRaisedLower", pressed: true, live: true },
};

/** The mini-player (renders nothing outside a room and on the room's page). */
export function MiniPlayer({ me }: { me: Profile }) {
  const { t } = useTranslation();
  const path = usePath();
  const { session, send, leave } = useRoomSession();
  const mini = miniPlayerView(session, me.id, path);
  if (!mini) return null;
  const control = mini.control;
  return (
    <aside className="mini-player" data-testid="mini-player" data-room-id={mini.roomId} data-status={mini.status} aria-label={t("room.theRoomYouAreIn")}>
      <span className="mini-faces" aria-hidden>
        {mini.faces.map((f) => (
          <span key={f.user.id} className={f.speaking ? "mini-face speaking" : "mini-face"} data-testid="mini-face" data-speaking={String(f.speaking)}>
            <Avatar user={f.user} size={34} />
          </span>
        ))}
        {mini.faces.length === 0 && <span className="live-dot" />}
      </span>
      {/* The text opens the room too (the only way back on narrow screens). */}
      <Link href={roomPath(mini.roomId)} className="mini-text grow" data-testid="mini-open" tabIndex={-1}>
        <strong className="mini-title" data-testid="mini-title">
          {mini.title || t("room.yourRoom")}
        </strong>
        <span className="mini-line muted-text small" data-testid="mini-line" aria-live="polite">
          {mini.line}
        </span>
      </Link>
      {control && (
        <button
          type="button"
          className={CONTROL[control].live ? "btn btn-round btn-live mini-control" : "btn btn-round mini-control"}
          data-testid="mini-control"
          data-control={control}
          aria-label={t(CONTROL[control].label)}
          aria-pressed={CONTROL[control].pressed}
          title={t(CONTROL[control].title)}
          onClick={() => send(controlMessage(control))}
        >
          {control === "mute" ? <MicIcon /> : control === "unmute" ? <MicOffIcon /> : <HandIcon />}
        </button>
      )}
      {mini.status === "gone" ? (
        <button type="button" className="btn btn-small" data-testid="mini-dismiss" onClick={leave}>
          {t("common.dismiss")}
        </button>
      ) : (
        <>
          <Link href={roomPath(mini.roomId)} className="btn btn-small btn-primary mini-back" data-testid="mini-back">
            {t("room.backToRoom")}
          </Link>
          <button type="button" className="btn btn-small" data-testid="mini-leave" onClick={leave}>
            {t("room.leave")}
          </button>
        </>
      )}
    </aside>
  );
}
