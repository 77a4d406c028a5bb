// The "Schedule a room" form: checks the fields and builds the request (time in the viewer's
// zone → UTC).
import type { CreateEventRequest } from "../gen/CreateEventRequest";
import type { UpdateEventRequest } from "../gen/UpdateEventRequest";
import { localToUtc } from "../events/time";
import { t } from "../i18n";

/** Most co-hosts an event may have. */
export const MAX_COHOSTS = 5;
/** Furthest ahead an event may be scheduled. */
export const MAX_AHEAD_MS = 366 * 86_400_000;

/** The form's raw fields. */
export interface EventFields {
  title: string;
  description: string;
  date: string;
  time: string;
  cohosts: string[];
  clubId: number | null;
  membersOnly: boolean;
}

/** A checked form: an error to show, or the body to send. */
export type EventCheck = { error: string } | { body: CreateEventRequest };

/** Co-host usernames without "@", blanks and duplicates (case-insensitive). */
export function cleanCohosts(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const n = raw.trim().replace(/^@+/, "");
    if (n && !seen.has(n.toLowerCase())) {
      seen.add(n.toLowerCase());
      out.push(n);
    }
  }
  return out;
}

/** Checks `f` at `now` (ms) with wall times read in `zone`. */
export function checkEvent(f: EventFields, now: number, zone: string): EventCheck {
  const title = f.title.trim();
  if (!title) return { error: t("eventForm.errors.title") };
  if (Array.from(title).length > 100) return { error: t("eventForm.errors.titleLong") };
  if (Array.from(f.description).length > 1000) return { error: t("eventForm.errors.descriptionLong") };
  if (!f.date || !f.time) return { error: t("eventForm.errors.when") };
  const startsAt = localToUtc(f.date, f.time, zone);
  if (!startsAt) return { error: t("eventForm.errors.invalid") };
  const ms = Date.parse(startsAt);
  if (ms <= now) return { error: t("eventForm.errors.past") };
  if (ms - now > MAX_AHEAD_MS) return { error: t("eventForm.errors.tooFar") };
  const cohosts = cleanCohosts(f.cohosts);
  if (cohosts.length > MAX_COHOSTS) return { error: t("eventForm.errors.cohosts", { max: MAX_COHOSTS }) };
  const body: CreateEventRequest = { title, description: f.description.trim(), starts_at: startsAt, cohosts };
  if (f.clubId !== null) {
    body.club_id = f.clubId;
    body.members_only = f.membersOnly;
  }
  return { body };
}

/** The PATCH body for an edit: only what changed (club and members-only cannot change). */
export function eventChanges(
  before: { title: string; description: string; starts_at: string; cohosts: string[] },
  after: CreateEventRequest,
): UpdateEventRequest {
  const out: UpdateEventRequest = {};
  if (after.title !== before.title) out.title = after.title;
  if ((after.description ?? "") !== before.description) out.description = after.description ?? "";
  if (Date.parse(after.starts_at) !== Date.parse(before.starts_at)) out.starts_at = after.starts_at;
  const next = after.cohosts ?? [];
  const same = next.length === before.cohosts.length && next.every((n, i) => n.toLowerCase() === before.cohosts[i]?.toLowerCase());
  if (!same) out.cohosts = next;
  return out;
}
