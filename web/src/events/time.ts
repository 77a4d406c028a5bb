// Event times: the viewer's local date + time ↔ UTC instants (DST-aware, for any IANA zone),
// and how a start time reads ("Sat, Nov 28, 3:00 PM", "in 2 hours"), in the active language.
import { locale as activeLocale } from "../i18n";
import { relativeTime as relative } from "../i18n/format";

/** The viewer's IANA time zone, e.g. "Europe/Berlin" ("UTC" when unknown). */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Offset of `zone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffset(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? "0");
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/**
 * The UTC ISO string of wall-clock `date` ("YYYY-MM-DD") `time` ("HH:MM") in `zone`, or null
 * when either is malformed. A time skipped by a DST jump (e.g. 02:30 on a spring-forward night)
 * moves forward by the jump (03:30); an hour repeated in autumn takes its first occurrence.
 */
export function localToUtc(date: string, time: string, zone: string): string | null {
  const d = DATE_RE.exec(date);
  const t = TIME_RE.exec(time);
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, da, h, mi);
  const check = new Date(wall);
  if (check.getUTCDate() !== da || check.getUTCMonth() !== mo - 1) return null;
  // Try the offsets in force just before and after; keep the earliest instant that shows `wall`.
  const offsets = [zoneOffset(wall - 86_400_000, zone), zoneOffset(wall + 86_400_000, zone)];
  const exact = offsets.map((o) => wall - o).filter((ms) => ms + zoneOffset(ms, zone) === wall);
  if (exact.length > 0) return new Date(Math.min(...exact)).toISOString();
  // In a DST gap: shift forward by the jump, i.e. read the wall time with the earlier offset.
  return new Date(wall - (offsets[0] ?? 0)).toISOString();
}

/** The wall-clock `{date, time}` of instant `iso` in `zone` (for filling an edit form). */
export function utcToLocal(iso: string, zone: string): { date: string; time: string } {
  const ms = Date.parse(iso);
  const w = new Date(ms + zoneOffset(ms, zone));
  const p = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${w.getUTCFullYear()}-${p(w.getUTCMonth() + 1)}-${p(w.getUTCDate())}`,
    time: `${p(w.getUTCHours())}:${p(w.getUTCMinutes())}`,
  };
}

/** "Sat, Nov 28, 3:00 PM" in `zone` (locale `locale`, the active language's by default). */
export function formatEventTime(iso: string, zone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale ?? activeLocale(), {
    timeZone: zone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(iso));
}

/** The short zone name at `iso`, e.g. "CET" or "GMT+1" (falls back to the IANA name). */
export function zoneLabel(zone: string, iso?: string, locale?: string): string {
  const at = iso ? new Date(iso) : new Date();
  const part = new Intl.DateTimeFormat(locale ?? activeLocale(), { timeZone: zone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part && part.value !== zone ? `${zone} (${part.value})` : zone;
}

/** "in 2 hours", "in 5 minutes", "now", "10 minutes ago", "in 3 days" from `iso` to `now` (ms). */
export function relativeTime(iso: string, now: number): string {
  return relative(iso, now);
}
