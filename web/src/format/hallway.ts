// Texts and filtering of the hallway: which rooms are live, who is on stage, how many listen.
import type { RoomReason } from "../gen/RoomReason";
import type { RoomSummary } from "../gen/RoomSummary";
import { t } from "../i18n";

/** The rooms still live (ended ones dropped), in the server's order; null stays null (loading). */
export function liveRooms(rooms: RoomSummary[] | null): RoomSummary[] | null {
  return rooms?.filter((r) => !r.ended) ?? null;
}

/** The stage's display names joined with commas, or "Nobody on stage". */
export function stageNames(room: RoomSummary): string {
  const names = room.stage.map((u) => u.display_name);
  return names.length > 0 ? names.join(", ") : t("hallway.nobodyOnStage");
}

/** "1 listener", "3 listeners". */
export function listenerLabel(count: number): string {
  return t("hallway.listeners", { count });
}

/**
 * Why a room is in my hallway, in the active language, from the reason's fields (the server's
 * `text` is English): who I follow on stage and listening, else the club, else the room's size.
 */
export function reasonText(reason: RoomReason, room: Pick<RoomSummary, "stage" | "listener_count">): string {
  const on = reason.followed_on_stage.map((u) => u.display_name);
  if (reason.in_club && on.length === 0) return t("hallway.reason.club", { club: reason.in_club.name });
  const [a, b] = on;
  const stage =
    a === undefined ? "" : b === undefined ? t("hallway.reason.stageOne", { name: a }) : on.length === 2 ? t("hallway.reason.stageTwo", { a, b }) : t("hallway.reason.stageMany", { count: on.length });
  const n = reason.followed_in_audience;
  const listening = n > 0 ? t("hallway.reason.listening", { count: n }) : "";
  if (stage && listening) return t("hallway.reason.both", { stage, listening });
  if (stage || listening) return stage || listening;
  const size = room.stage.length + room.listener_count;
  return size <= 1 ? t("hallway.reason.justStarted") : t("hallway.reason.size", { count: size });
}
