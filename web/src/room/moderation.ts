// The moderator's per-person actions, as the server commands they send.
import type { ClientMessage } from "../gen/ClientMessage";
import type { Participant } from "../gen/Participant";
import { t } from "../i18n";

/** One entry of the moderator menu. */
export interface ModeratorAction {
  /** Stable id (the menu button's `data-testid` is `action-<id>`). */
  id: string;
  label: string;
  msg: ClientMessage;
  /** Shown as destructive. */
  danger?: boolean;
}

/** The actions a moderator can take on `p`. */
export function moderatorActions(p: Participant): ModeratorAction[] {
  const user_id = p.user.id;
  const out: ModeratorAction[] = [];
  if (p.role === "audience") {
    if (!p.speak_invited) out.push({ id: "invite", label: t("moderation.invite"), msg: { type: "invite_to_speak", user_id } });
  } else {
    if (!p.muted) out.push({ id: "mute", label: t("moderation.mute"), msg: { type: "mute", user_id } });
    out.push({ id: "audience", label: t("moderation.audience"), msg: { type: "move_to_audience", user_id } });
    if (p.role === "speaker") out.push({ id: "moderator", label: t("moderation.moderator"), msg: { type: "make_moderator", user_id } });
  }
  out.push({ id: "remove", label: t("moderation.remove"), msg: { type: "remove", user_id }, danger: true });
  return out;
}
