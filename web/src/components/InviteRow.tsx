// One invite in the list: state (open, used by whom, revoked) and a revoke button.
import { useTranslation } from "react-i18next";
import { canRevoke, inviteState } from "../format/invites";
import { dateTime } from "../i18n/format";
import type { Invite } from "../gen/Invite";

interface Props {
  invite: Invite;
  onRevoke(id: number): void;
}

/** An invite row. */
export function InviteRow({ invite, onRevoke }: Props) {
  const { t } = useTranslation();
  const state = inviteState(invite);
  return (
    <li className="invite-row" data-testid="invite-row" data-invite-id={invite.id}>
      <div className="grow">
        <div data-testid="invite-state">{state}</div>
        <div className="muted-text small">{t("invites.created", { when: dateTime(invite.created_at) })}</div>
      </div>
      {canRevoke(invite) && (
        <button type="button" className="btn btn-small danger" data-testid="invite-revoke" onClick={() => onRevoke(invite.id)}>
          {t("invites.revoke")}
        </button>
      )}
    </li>
  );
}
