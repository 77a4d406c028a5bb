// Texts of the ping dialog: what a refused ping means, and the confirmation.
import { ApiError } from "../api/http";
import type { UserSummary } from "../gen/UserSummary";
import { t } from "../i18n";

/** The message shown when pinging `who` failed with `err`. */
export function pingErrorText(err: unknown, who: UserSummary): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  switch (err.code) {
    case "rate_limited":
    case "blocked":
    case "forbidden":
    case "not_in_room":
    case "not_found":
      return t(`ping.errors.${err.code}`, { name: who.display_name });
    default:
      return err.message;
  }
}

/** The confirmation after a ping went out. */
export function pingSentText(who: UserSummary): string {
  return t("ping.sent", { name: who.display_name });
}

/** Search results worth pinging: not me, not already in the room. */
export function pingCandidates(found: UserSummary[], inRoom: ReadonlySet<number>, me: number): UserSummary[] {
  return found.filter((u) => u.id !== me && !inRoom.has(u.id));
}
