// Who in the room the viewer blocked (for the warning banner).
import type { Participant } from "../gen/Participant";
import type { UserSummary } from "../gen/UserSummary";
import { t } from "../i18n";
import { listText } from "../i18n/format";

/** The participants whose id is among `blocked`, in room order. */
export function blockedPresent(participants: Participant[], blocked: UserSummary[]): UserSummary[] {
  const ids = new Set(blocked.map((u) => u.id));
  return participants.filter((p) => ids.has(p.user.id)).map((p) => p.user);
}

/** "Bo, whom you blocked, is in this room." / "Bo and Cy, whom you blocked, are in this room." */
export function blockedWarning(users: UserSummary[]): string {
  if (users.length === 0) return "";
  return t("notices.blocked", { names: listText(users.map((u) => u.display_name)), count: users.length });
}
