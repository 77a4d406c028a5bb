// The notice shown once I am out of a room, by reason.
import type { LeaveReason } from "../gen/LeaveReason";

/** Why I am no longer in a room. */
export type GoneReason = LeaveReason | "replaced";

const TEXT: Record<GoneReason, string> = {
  left: "You left the room.",
  removed: "A moderator removed you from this room.",
  disconnected: "Your connection was lost for too long.",
  room_ended: "This room has ended.",
  replaced: "This room is open in another tab or window.",
};

/** The heading of the notice. */
export function goneTitle(reason: GoneReason): string {
  return reason === "room_ended" ? "Room ended" : "You're out of the room";
}

/** The explanation under the heading. */
export function goneText(reason: GoneReason): string {
  return TEXT[reason];
}
