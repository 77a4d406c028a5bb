// One invite in the list: state (open, used by whom, revoked) and a revoke button.
import { canRevoke, inviteState } from "../format/invites";
import type { Invite } from "../gen/Invite";

interface Props {
  invite: Invite;
  onRevoke(id: number): void;
}

/** An invite row. */
export function InviteRow({ invite, onRevoke }: Props) {
  const created = new Date(invite.created_at);
  const when = Number.isNaN(created.getTime()) ? invite.created_at : created.toLocaleString();
  const state = inviteState(invite);
  return (
    <li className="invite-row" data-testid="invite-row" data-invite-id={invite.id}>
      <div className="grow">
        <div data-testid="invite-state">{state}</div>
        <div className="muted-text small">Created {when}</div>
      </div>
      {canRevoke(invite) && (
        <button type="button" className="btn btn-small danger" data-testid="invite-revoke" onClick={() => onRevoke(invite.id)}>
          Revoke
        </button>
      )}
    </li>
  );
}
