// Reactions in a room: the six buttons, a client-side token bucket mirroring the server's limit
// (burst 5, one more per second), and the floating-reaction stream that coalesces bursts and
// keeps a bounded number alive at once. Pure: every function takes the current time.
import type { Reaction } from "../gen/Reaction";
import type { UserId } from "../gen/UserId";
import { t } from "../i18n";

/** The six reactions, in display order (as `Reaction::ALL` on the server); each icon is an SVG
 * shipped with the client (components/ReactionIcon). */
export const REACTIONS: readonly Reaction[] = ["clap", "laugh", "heart", "fire", "thinking", "hundred"];

/** A reaction's name in the active language ("clap"). */
export function reactionName(r: Reaction): string {
  return t(`reactions.names.${r}`);
}

/** The accessible name of a reaction button ("React clap"). */
export function reactLabel(r: Reaction): string {
  return t("reactions.react", { name: reactionName(r) });
}

/** Shown when the member reacts faster than the room allows. */
export function rateLimitedText(): string {
  return t("reactions.slowDown");
}

/** A token bucket: `burst` tokens, refilled at `perSecond`. */
export interface Bucket {
  tokens: number;
  at: number;
}

/** The client's mirror of the server's reaction limit. */
export const REACT_BURST = 5;
const REFILL_PER_MS = 1 / 1000;

/** A full bucket at `now`. */
export function fullBucket(now: number): Bucket {
  return { tokens: REACT_BURST, at: now };
}

/** Takes one token at `now`: the new bucket and whether the reaction may be sent. */
export function takeToken(b: Bucket, now: number): { bucket: Bucket; ok: boolean } {
  const tokens = Math.min(REACT_BURST, b.tokens + Math.max(0, now - b.at) * REFILL_PER_MS);
  if (tokens < 1) return { bucket: { tokens, at: now }, ok: false };
  return { bucket: { tokens: tokens - 1, at: now }, ok: true };
}

/** One floating reaction over a participant's tile (a burst counts as one, with a count). */
export interface Floating {
  /** Stable React key. */
  key: number;
  user_id: UserId;
  reaction: Reaction;
  /** How many of the same reaction from the same person were coalesced into it. */
  count: number;
  /** When it (last) appeared, ms. */
  at: number;
}

/** Tuning of the stream. */
export interface StreamOptions {
  /** How long a reaction floats, ms. */
  ttl: number;
  /** A same reaction from the same person within this many ms joins the live one. */
  coalesce: number;
  /** At most this many alive at once (the oldest go first). */
  max: number;
}

/** The defaults used by the room page. */
export const STREAM: StreamOptions = { ttl: 2500, coalesce: 1500, max: 12 };

let nextKey = 1;

/** Drops the reactions older than the ttl. */
export function pruneFloating(list: readonly Floating[], now: number, opts: StreamOptions = STREAM): Floating[] {
  const alive = list.filter((f) => now - f.at < opts.ttl);
  return alive.length === list.length ? (list as Floating[]) : alive;
}

/** Adds an incoming reaction at `now`: coalesced into a live one or appended, bounded. */
export function addFloating(
  list: readonly Floating[],
  user_id: UserId,
  reaction: Reaction,
  now: number,
  opts: StreamOptions = STREAM,
): Floating[] {
  const alive = pruneFloating(list, now, opts);
  const i = alive.findIndex((f) => f.user_id === user_id && f.reaction === reaction && now - f.at < opts.coalesce);
  if (i >= 0) {
    const next = alive.slice();
    const f = alive[i] as Floating;
    next[i] = { ...f, count: f.count + 1, at: now };
    return next;
  }
  const next = [...alive, { key: nextKey++, user_id, reaction, count: 1, at: now }];
  return next.length > opts.max ? next.slice(next.length - opts.max) : next;
}

/** The reactions floating over one person's tile. */
export function floatingFor(list: readonly Floating[], user_id: UserId): Floating[] {
  return list.filter((f) => f.user_id === user_id);
}

/** The count a coalesced reaction shows beside its icon ("×3"; "" for a single one). */
export function floatingCount(f: Floating): string {
  return f.count > 1 ? `×${f.count}` : "";
}

let lastSentAt = -Infinity;

/** Notes that I just sent a reaction (so a `rate_limited` answer can be explained gently). */
export function noteReactionSent(now: number): void {
  lastSentAt = now;
}

/** Whether a `rate_limited` error arriving at `now` most likely answers one of my reactions. */
export function reactedRecently(now: number): boolean {
  return now - lastSentAt < 3000;
}
