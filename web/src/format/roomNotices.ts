// What the room says is happening: a moderator whose connection dropped ("Ada is
// reconnecting…", while the room waits for them), and a hand-over ("You're now a moderator").
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";
import type { UserSummary } from "../gen/UserSummary";
import { t } from "../i18n";
import { listText } from "../i18n/format";

/**
 * "Ada is reconnecting…" while moderators' connections are down (their tiles fade meanwhile);
 * null when every moderator is connected. Never about `me` (my own page says "Reconnecting…").
 */
export function reconnectingText(participants: Participant[], me: UserId): string | null {
  const away = participants.filter((p) => p.role === "moderator" && !p.connected && p.user.id !== me);
  if (away.length === 0) return null;
  return t("notices.reconnecting", { names: listText(away.map((p) => p.user.display_name)), count: away.length });
}

/** What the room hears when it was handed over to `to`: told to them, and to everyone else. */
export function handOverText(to: UserSummary, me: UserId): string {
  return to.id === me ? t("notices.youAreModerator") : t("notices.newModerator", { name: to.display_name });
}
