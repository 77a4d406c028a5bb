// Dates, times, relative times and lists in the active language, through `Intl` (no month or
// day names of our own). Every function takes the instant as an ISO string and, where it
// matters, "now" in milliseconds, so tests pin both.
import { locale, t } from "./index";

/** The instant of `iso`, or null when it is not a date. */
function instant(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "March 2025" / "martie 2025" (UTC); the raw value when it is not a date. */
export function monthYear(iso: string): string {
  const d = instant(iso);
  return d ? new Intl.DateTimeFormat(locale(), { month: "long", year: "numeric", timeZone: "UTC" }).format(d) : iso;
}

/** "31 May 2025" / "31 mai 2025" (UTC); the raw value when it is not a date. */
export function longDate(iso: string): string {
  const d = instant(iso);
  return d ? new Intl.DateTimeFormat(locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d) : iso;
}

/** The date of `iso` in the viewer's zone, short ("3/31/2025", "31.03.2025"). */
export function shortDate(iso: string): string {
  const d = instant(iso);
  return d ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(d) : iso;
}

/** Date and time of `iso` in the viewer's zone. */
export function dateTime(iso: string): string {
  const d = instant(iso);
  return d ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(d) : iso;
}

/** A whole number of `unit`s before (negative) or after `now`, as `Intl.RelativeTimeFormat` says it. */
function relative(value: number, unit: Intl.RelativeTimeFormatUnit, style: Intl.RelativeTimeFormatStyle): string {
  return new Intl.RelativeTimeFormat(locale(), { numeric: "always", style }).format(value, unit);
}

/** "just now", "5 min. ago", "3 hr. ago", "2 days ago" (short; empty for a bad timestamp). */
export function agoText(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "";
  const s = Math.max(0, Math.floor((now - at) / 1000));
  if (s < 60) return t("time.justNow");
  const m = Math.floor(s / 60);
  if (m < 60) return relative(-m, "minute", "short");
  const h = Math.floor(m / 60);
  if (h < 24) return relative(-h, "hour", "short");
  return relative(-Math.floor(h / 24), "day", "short");
}

/** "in 2 hours", "in 5 minutes", "now", "10 minutes ago", "in 3 days" from `iso` to `now`. */
export function relativeTime(iso: string, now: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  const diff = ms - now;
  const sign = diff < 0 ? -1 : 1;
  const min = Math.round(Math.abs(diff) / 60_000);
  if (min < 1) return t("time.now");
  if (min < 60) return relative(sign * min, "minute", "long");
  if (min < 60 * 36) return relative(sign * Math.round(min / 60), "hour", "long");
  return relative(sign * Math.round(min / 1440), "day", "long");
}

/** "Ada", "Ada and Bo", "Ada, Bo, and Cy" ("Ada, Bo și Cy"); `or` for "Ada or Bo". */
export function listText(items: readonly string[], type: "conjunction" | "disjunction" = "conjunction"): string {
  return new Intl.ListFormat(locale(), { style: "long", type }).format(items);
}
