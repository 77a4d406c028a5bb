// Texts of the waitlist pages: who can wave you in, whether you may finish sign-up, the waiting count.
import type { UserSummary } from "../gen/UserSummary";
import type { WaitingEntry } from "../gen/WaitingEntry";
import type { WaitlistStatus } from "../gen/WaitlistStatus";
import { t } from "../i18n";
import { listText, longDate } from "../i18n/format";

/** How often the status page asks the server again, in milliseconds. */
export const STATUS_POLL_MS = 4000;

/** "Alice (@alice)", "Alice (@alice) or Bob (@bob)", "A, B or C". */
export function namedText(users: UserSummary[]): string {
  return listText(
    users.map((u) => `${u.display_name} (@${u.username})`),
    "disjunction",
  );
}

/** Whether the holder may finish sign-up (someone waved them in). */
export function canFinish(status: WaitlistStatus): boolean {
  return status.waved_in_by !== null;
}

/** The status line of a reservation. */
export function statusText(status: WaitlistStatus): string {
  if (status.waved_in_by) {
    return t("waitlist.wavedIn", { name: status.waved_in_by.display_name, username: status.waved_in_by.username });
  }
  return t("waitlist.waitingFor", { names: namedText(status.named) });
}

/** "Your username @x is held until 31 May 2025." (UTC date). */
export function heldUntilText(status: WaitlistStatus): string {
  return t("waitlist.heldUntil", { username: status.username, date: longDate(status.expires_at) });
}

/** How many people still wait for a wave (already waved-in ones don't count). */
export function waitingCount(entries: WaitingEntry[]): number {
  return entries.filter((e) => !e.waved_in).length;
}

/** A number derived from a waiting entry's (string) id, to colour its initials avatar. */
export function entrySeed(id: string): number {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return hash;
}
