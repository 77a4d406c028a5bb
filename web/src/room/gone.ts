// The notice shown once I am out of a room (or was never let in), by reason.
import type { Way } from "../format/errorPages";
import type { LeaveReason } from "../gen/LeaveReason";

/** Why the server refused to let me into a room (the `join_room` error codes). */
export type JoinRefusal = "room_followers_only" | "room_closed" | "blocked" | "club_members_only";

/** Why I am no longer in a room (`room_not_found`: there never was one at that address). */
export type GoneReason = LeaveReason | "replaced" | "room_not_found" | JoinRefusal;

const TEXT: Record<GoneReason, string> = {
  left: "You left the room.",
  removed: "A moderator removed you from this room.",
  disconnected: "Your connection was lost for too long.",
  room_ended: "This room has ended. Its people may be talking somewhere else now: see what's live in the hallway.",
  room_not_found: "There is no room at this address. The link may be mistyped, or the room ended long ago.",
  replaced: "This room is open in another tab or window.",
  room_followers_only: "This is a social room: only people the moderators follow can join.",
  room_closed: "This room is closed: only people the moderators named or pinged can join. Ask someone inside to ping you.",
  blocked: "You can't join this room.",
  suspended: "Your account is suspended.",
  club_members_only: "Only members of this room's club can join. Join the club first.",
};

const REFUSALS: readonly GoneReason[] = ["room_followers_only", "room_closed", "blocked", "club_members_only"];

/** Whether I was refused entry (rather than having been in the room). */
export function isRefusal(reason: GoneReason): boolean {
  return REFUSALS.includes(reason);
}

/** The heading of the notice. */
export function goneTitle(reason: GoneReason): string {
  if (reason === "room_ended") return "Room ended";
  if (reason === "room_not_found") return "No such room";
  if (reason === "room_closed") return "This room is private";
  if (reason === "club_members_only") return "This room is for club members";
  if (reason === "suspended") return "Your account is suspended";
  if (isRefusal(reason)) return "You can't join this room";
  return "You're out of the room";
}

/** The explanation under the heading. */
export function goneText(reason: GoneReason): string {
  return TEXT[reason];
}

/** The ways onward from the notice: a club's room leads to the clubs too. */
export function goneWays(reason: GoneReason): Way[] {
  return reason === "club_members_only" ? ["clubs", "hallway"] : ["hallway"];
}
