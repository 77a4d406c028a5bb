// Who in the room the viewer blocked (for the warning banner).
import type { Participant } from "../gen/Participant";
import type { UserSummary } from "../gen/UserSummary";

/** The participants whose id is among `blocked`, in room order. */
export function blockedPresent(participants: Participant[], blocked: UserSummary[]): UserSummary[] {
  const ids = new Set(blocked.map((u) => u.id));
  return participants.filter((p) => ids.has(p.user.id)).map((p) => p.user);
}

/** "Bo, whom you blocked, is in this room." / "Bo and Cy, whom you blocked, are in this room." */
export function blockedWarning(users: UserSummary[]): string {
  const names = users.map((u) => u.display_name);
  const last = names.pop();
  if (last === undefined) return "";
  const list = names.length === 0 ? last : `${names.join(", ")} and ${last}`;
  return `${list}, whom you blocked, ${names.length === 0 ? "is" : "are"} in this room.`;
}
