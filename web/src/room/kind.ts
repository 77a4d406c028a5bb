// Room kinds as the client explains them, and who gets which kind-related control:
// the kind badge and help text, the ping permission, "open this room to everyone", the
// names typed to admit into a closed room, and the share link.
import type { RoomKind } from "../gen/RoomKind";
import type { RoomRole } from "../gen/RoomRole";
import { t } from "../i18n";

/** The kinds in the order the start-room form offers them. */
export const ROOM_KINDS: readonly RoomKind[] = ["open", "social", "closed"];

/** Who may join, as said inside the room (about its moderators, not "you"). */
export function kindInRoom(kind: RoomKind): string {
  return t(`kind.inRoom.${kind}`);
}

/** "Open", "Social", "Closed". */
export function kindLabel(kind: RoomKind): string {
  return t(`kind.${kind}`);
}

/** One line saying who may join a room of this kind. */
export function kindHelp(kind: RoomKind): string {
  return t(`kind.help.${kind}`);
}

/** The badge on a hallway card or room header; none for open rooms. */
export function kindBadge(kind: RoomKind): string | null {
  return kind === "open" ? null : kindLabel(kind);
}

/** Whether someone with `role` may ping people into a room of `kind` (the server decides anyway). */
export function canPing(kind: RoomKind, role: RoomRole | undefined): boolean {
  if (role === undefined) return false;
  return kind === "open" || role !== "audience";
}

/** Whether to offer "Open this room to everyone": moderators of social and closed rooms. */
export function canOpenUp(kind: RoomKind, isModerator: boolean): boolean {
  return isModerator && kind !== "open";
}

/** At most this many names admitted when starting a closed room. */
export const MAX_NAMED = 50;

/**
 * The usernames typed to admit into a closed room: split on commas and whitespace, a leading
 * "@" dropped, lower-cased, duplicates removed, in the order typed.
 */
export function parseNames(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const name = raw.replace(/^@+/, "").toLowerCase();
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** The public share link of a room (works for anyone; signed-out visitors get a preview). */
export function roomShareUrl(origin: string, roomId: string): string {
  return `${origin.replace(/\/+$/, "")}/r/${encodeURIComponent(roomId)}`;
}
