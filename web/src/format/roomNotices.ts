// What the room says is happening: a moderator whose connection dropped ("Ada is
// reconnecting…", while the room waits for them), and a hand-over ("You're now a moderator").
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";
import type { UserSummary } from "../gen/UserSummary";

/** Names joined as "Ada", "Ada and Bo", "Ada, Bo and Cy". */
function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * "Ada is reconnecting…" while moderators' connections are down (their tiles fade meanwhile);
 * null when every moderator is connected. Never about `me` (my own page says "Reconnecting…").
 */
export function reconnectingText(participants: Participant[], me: UserId): string | null {
  const away = participants.filter((p) => p.role === "moderator" && !p.connected && p.user.id !== me);
  if (away.length === 0) return null;
  return `${joinNames(away.map((p) => p.user.display_name))} ${away.length === 1 ? "is" : "are"} reconnecting…`;
}

/** What the room hears when it was handed over to `to`: told to them, and to everyone else. */
export function handOverText(to: UserSummary, me: UserId): string {
  return to.id === me ? "You're now a moderator: the host did not come back." : `${to.display_name} is now the moderator.`;
}
