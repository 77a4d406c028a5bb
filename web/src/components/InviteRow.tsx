// One invite in the list: state (open, used by whom, revoked) and a revoke button.
import type { Invite } from "../gen/Invite";

interface Props {
  invite: Invite;
  onRevoke(id: number): void;
}

/** An invite row. */
export function InviteRow({ invite, onRevoke }: Props) {
  const created = new Date(invite.created_at);
  const when = Number.isNaN(created.getTime()) ? invite.created_at : created.toLocaleString();
  let state: string;
  if (invite.used_by) state = `Used by ${invite.used_by.display_name} (@${invite.used_by.username})`;
  else if (invite.revoked) state = "Revoked";
  else state = "Not used yet";
  return (
    <li className="invite-row" data-testid="invite-row" data-invite-id={invite.id}>
      <div className="grow">
        <div data-testid="invite-state">{state}</div>
        <div className="muted-text small">Created {when}</div>
      </div>
      {!invite.used_by && !invite.revoked && (
        <button type="button" className="btn btn-small danger" data-testid="invite-revoke" onClick={() => onRevoke(invite.id)}>
          Revoke
        </button>
      )}
    </li>
  );
}
