// The bottom bar of a room: raise/lower hand (audience), mute/unmute and leave the stage
// (on stage), leave quietly (everyone).
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
  const onStage = self.role !== "audience";
  return (
    <div className="controls" data-testid="room-controls">
      <button type="button" className="btn" data-testid="leave-room" onClick={onLeave}>
        Leave quietly
      </button>
      <span className="grow" />
      {onStage ? (
        <>
          <button
            type="button"
            className="btn"
            data-testid="leave-stage"
            onClick={() => send({ type: "move_to_audience", user_id: self.user.id })}
          >
            Move to audience
          </button>
          <button
            type="button"
            className={self.muted ? "btn btn-round" : "btn btn-round btn-live"}
            data-testid="mute-toggle"
            data-muted={String(self.muted)}
            aria-label={self.muted ? "Unmute" : "Mute"}
            title={self.muted ? "Unmute" : "Mute"}
            onClick={() => send({ type: "set_muted", muted: !self.muted })}
          >
            {self.muted ? <MicOffIcon /> : <MicIcon />}
          </button>
        </>
      ) : self.hand_raised ? (
        <button type="button" className="btn btn-round btn-live" data-testid="lower-hand" title="Lower hand" onClick={() => send({ type: "lower_hand" })}>
          <HandIcon />
        </button>
      ) : (
        <button type="button" className="btn btn-round" data-testid="raise-hand" title="Raise hand" onClick={() => send({ type: "raise_hand" })}>
          <HandIcon />
        </button>
      )}
    </div>
  );
}
