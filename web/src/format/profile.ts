// Texts of profile pages: the bio cut into text and safe links, counts, the joined date and the
// share link.
import { t } from "../i18n";
import { monthYear } from "../i18n/format";

/** A piece of a bio: plain text, or an http(s) link (its `href` is a parsed, absolute URL). */
export type BioSegment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const URL_LIKE = /https?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}*_~]+$/;

/** `href` when `raw` parses as an http(s) URL, else null. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Cuts a bio into text and links. Only `http://` and `https://` URLs become links (trailing
 * punctuation stays text); everything else, including `javascript:` and HTML, is plain text.
 */
export function bioSegments(bio: string): BioSegment[] {
  const out: BioSegment[] = [];
  const pushText = (text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last?.kind === "text") last.text += text;
    else out.push({ kind: "text", text });
  };
  let at = 0;
  for (const m of bio.matchAll(URL_LIKE)) {
    const start = m.index;
    let raw = m[0];
    const tail = TRAILING.exec(raw)?.[0] ?? "";
    raw = raw.slice(0, raw.length - tail.length);
    pushText(bio.slice(at, start));
    const href = raw.length > "https://".length - 1 ? safeHref(raw) : null;
    if (href) out.push({ kind: "link", text: raw, href });
    else pushText(raw);
    pushText(tail);
    at = start + m[0].length;
  }
  pushText(bio.slice(at));
  return out;
}

/** Longest bio, in characters (Unicode code points, as the server counts). */
export const BIO_MAX = 300;

/** Length in Unicode code points. */
export function charCount(s: string): number {
  return Array.from(s).length;
}

/** The live counter under the bio box: "120 / 300", and whether the bio is too long. */
export function bioCounter(bio: string): { text: string; over: boolean } {
  const n = charCount(bio);
  return { text: `${n} / ${BIO_MAX}`, over: n > BIO_MAX };
}

/** "1 follower", "12 followers". */
export function followersLabel(n: number): string {
  return t("profile.followers", { count: n });
}

/** "3 following". */
export function followingLabel(n: number): string {
  return t("profile.following", { count: n });
}

/** "Joined March 2025" (UTC, month and year through `Intl`); the raw value when it is not a date. */
export function joinedText(iso: string): string {
  return t("profile.joined", { date: monthYear(iso) });
}

/** The public link of a profile: `<origin>/u/<username>` (a preview page for signed-out people). */
export function profileShareUrl(origin: string, username: string): string {
  return `${origin.replace(/\/+$/, "")}/u/${encodeURIComponent(username)}`;
}

/** The in-app path of a profile. */
export function profilePath(username: string): string {
  return `/users/${encodeURIComponent(username)}`;
}

/** The follow button for a profile: none on my own or on someone I blocked. */
export function followControl(p: { followed_by_me: boolean; blocked_by_me: boolean }, isMe: boolean): "follow" | "unfollow" | null {
  if (isMe || p.blocked_by_me) return null;
  return p.followed_by_me ? "unfollow" : "follow";
}
