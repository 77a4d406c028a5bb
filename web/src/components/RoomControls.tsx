// My controls in a room, in a bar at the bottom: raise/lower hand (audience), mute/unmute and
// leave the stage (on stage: a new speaker arrives muted, and the bar says how to go on air),
// leave quietly (everyone). They come right after the room's heading
// in the page (a few Tab stops away); the toggles say their state (`aria-pressed`).
import { useTranslation } from "react-i18next";
import type { ClientMessage } from "../gen/ClientMessage";
import type { Participant } from "../gen/Participant";
import { HandIcon, MicIcon, MicOffIcon } from "./icons";

interface Props {
  self: Participant;
  send(msg: ClientMessage): void;
  onLeave(): void;
}

/** Controls for my own participation. */
export function RoomControls({ self, send, onLeave }: Props) {
  const { t } = useTranslation();
  const onStage = self.role !== "audience";
  return (
    <section className="controls" data-testid="room-controls" aria-label={t("controls.yours")}>
      {onStage ? (
        <>
          <button
            type="button"
            className={self.muted ? "btn btn-round" : "btn btn-round btn-live"}
            data-testid="mute-toggle"
            data-muted={String(self.muted)}
            aria-label={t("controls.mute")}
            aria-pressed={self.muted}
            title={self.muted ? t("controls.mutedUnmute") : t("controls.mute")}
            onClick={() => send({ type: "set_muted", muted: !self.muted })}
          >
            {self.muted ? <MicOffIcon /> : <MicIcon />}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="leave-stage"
            onClick={() => send({ type: "move_to_audience", user_id: self.user.id })}
          >
            {t("controls.moveToAudience")}
          </button>
          {self.muted && (
            <span className="muted-text small" data-testid="muted-hint">
              {t("controls.mutedHint")}
            </span>
          )}
        </>
      ) : (
        <button
          type="button"
          className={self.hand_raised ? "btn btn-round btn-live" : "btn btn-round"}
          data-testid={self.hand_raised ? "lower-hand" : "raise-hand"}
          aria-label={t("controls.raiseHand")}
          aria-pressed={self.hand_raised}
          title={self.hand_raised ? t("controls.handRaisedLower") : t("controls.raiseHand")}
          onClick={() => send({ type: self.hand_raised ? "lower_hand" : "raise_hand" })}
        >
          <HandIcon />
        </button>
      )}
      <span className="grow" />
      <button type="button" className="btn" data-testid="leave-room" onClick={onLeave}>
        {t("controls.leave")}
        <span className="wide-only">{t("controls.quietly")}</span>
      </button>
    </section>
  );
}
