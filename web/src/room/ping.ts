// Texts of the ping dialog: what a refused ping means, and the confirmation.
import { ApiError } from "../api/http";
import type { UserSummary } from "../gen/UserSummary";

/** The message shown when pinging `who` failed with `err`. */
export function pingErrorText(err: unknown, who: UserSummary): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  switch (err.code) {
    case "rate_limited":
      return "You're pinging too often. Wait a moment and try again.";
    case "blocked":
      return `You can't ping ${who.display_name}.`;
    case "forbidden":
      return "Only the moderators and speakers can ping people into this room.";
    case "not_in_room":
      return "You need to be in the room to ping people into it.";
    case "not_found":
      return `${who.display_name} can't be found (or the room has ended).`;
    default:
      return err.message;
  }
}

/** The confirmation after a ping went out. */
export function pingSentText(who: UserSummary): string {
  return `Pinged ${who.display_name}. They'll get a notification to join.`;
}

/** Search results worth pinging: not me, not already in the room. */
export function pingCandidates(found: UserSummary[], inRoom: ReadonlySet<number>, me: number): UserSummary[] {
  return found.filter((u) => u.id !== me && !inRoom.has(u.id));
}
