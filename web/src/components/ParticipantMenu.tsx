// The per-person menu: for moderators invite to speak, mute, move to audience, make moderator,
// remove (the server enforces the rules anyway); for everyone "Report".
import type { ClientMessage } from "../gen/ClientMessage";
import type { Participant } from "../gen/Participant";
import { moderatorActions } from "../room/moderation";
import { Avatar } from "./Avatar";

interface Props {
  participant: Participant;
  /** Whether I moderate (the moderator actions are listed). */
  isModerator: boolean;
  send(msg: ClientMessage): void;
  /** Opens the report dialog for this person (the menu closes). */
  onReport(): void;
  onClose(): void;
}

/** A small dialog listing the actions for one person. */
export function ParticipantMenu({ participant, isModerator, send, onReport, onClose }: Props) {
  return (
    <div className="overlay" onClick={onClose} data-testid="participant-menu">
      <div className="menu" role="dialog" aria-label={participant.user.display_name} onClick={(e) => e.stopPropagation()}>
        <div className="menu-head">
          <Avatar user={participant.user} size={40} />
          <div>
            <div className="menu-name">{participant.user.display_name}</div>
            <div className="muted-text">@{participant.user.username}</div>
          </div>
        </div>
        {(isModerator ? moderatorActions(participant) : []).map((a) => (
          <button
            key={a.id}
            type="button"
            className={a.danger ? "menu-item danger" : "menu-item"}
            data-testid={`action-${a.id}`}
            onClick={() => {
              send(a.msg);
              onClose();
            }}
          >
            {a.label}
          </button>
        ))}
        <button type="button" className="menu-item" data-testid="action-report" onClick={onReport}>
          Report
        </button>
        <button type="button" className="menu-item subtle" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
