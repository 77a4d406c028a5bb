// Texts and filtering of the hallway: which rooms are live, who is on stage, how many listen.
import type { RoomSummary } from "../gen/RoomSummary";

/** The rooms still live (ended ones dropped), in the server's order; null stays null (loading). */
export function liveRooms(rooms: RoomSummary[] | null): RoomSummary[] | null {
  return rooms?.filter((r) => !r.ended) ?? null;
}

/** The stage's display names joined with commas, or "Nobody on stage". */
export function stageNames(room: RoomSummary): string {
  const names = room.stage.map((u) => u.display_name);
  return names.length > 0 ? names.join(", ") : "Nobody on stage";
}

/** "1 listener", "3 listeners". */
export function listenerLabel(count: number): string {
  return `${count} ${count === 1 ? "listener" : "listeners"}`;
}
