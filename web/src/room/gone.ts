// The notice shown once I am out of a room (or was never let in), by reason.
import type { Way } from "../format/errorPages";
import type { LeaveReason } from "../gen/LeaveReason";
import { t } from "../i18n";

/** Why the server refused to let me into a room (the `join_room` error codes). */
export type JoinRefusal = "room_followers_only" | "room_closed" | "blocked" | "club_members_only";

/** Why I am no longer in a room (`room_not_found`: there never was one at that address). */
export type GoneReason = LeaveReason | "replaced" | "room_not_found" | JoinRefusal;

const REFUSALS: readonly GoneReason[] = ["room_followers_only", "room_closed", "blocked", "club_members_only"];

/** Whether I was refused entry (rather than having been in the room). */
export function isRefusal(reason: GoneReason): boolean {
  return REFUSALS.includes(reason);
}

/** The heading of the notice. */
export function goneTitle(reason: GoneReason): string {
  if (reason === "room_ended") return t("gone.title.ended");
  if (reason === "room_not_found") return t("gone.title.notFound");
  if (reason === "room_closed") return t("gone.title.closed");
  if (reason === "club_members_only") return t("gone.title.clubOnly");
  if (reason === "suspended") return t("gone.title.suspended");
  if (isRefusal(reason)) return t("gone.title.refused");
  return t("gone.title.out");
}

/** The explanation under the heading. */
export function goneText(reason: GoneReason): string {
  return t(`gone.text.${reason}`);
}

/** The ways onward from the notice: a club's room leads to the clubs too. */
export function goneWays(reason: GoneReason): Way[] {
  return reason === "club_members_only" ? ["clubs", "hallway"] : ["hallway"];
}
