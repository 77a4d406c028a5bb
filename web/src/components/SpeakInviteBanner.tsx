// Shown to an audience member a moderator invited on stage: accept or decline.
import { Trans, useTranslation } from "react-i18next";
import type { ClientMessage } from "../gen/ClientMessage";
import type { UserSummary } from "../gen/UserSummary";
import { Avatar } from "./Avatar";

interface Props {
  by: UserSummary | null;
  send(msg: ClientMessage): void;
}

/** The speak-invite banner. */
export function SpeakInviteBanner({ by, send }: Props) {
  const { t } = useTranslation();
  return (
    <div className="banner" data-testid="speak-invite-banner">
      {by && <Avatar user={by} size={32} />}
      <span className="banner-text">
        <Trans i18nKey="invite.invitedYou" values={{ name: by ? by.display_name : t("invite.aModerator") }} components={[<strong />]} />
      </span>
      <button type="button" className="btn btn-primary" data-testid="speak-accept" onClick={() => send({ type: "accept_speak_invite" })}>
        {t("invite.accept")}
      </button>
      <button type="button" className="btn" data-testid="speak-decline" onClick={() => send({ type: "decline_speak_invite" })}>
        {t("invite.decline")}
      </button>
    </div>
  );
}
