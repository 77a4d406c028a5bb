// Spatial audio, the pure part: where on the left–right axis each receive slot plays, from the
// place on the stage grid of the speaker the server currently puts in that slot.

import type { UserId } from "../gen/UserId";

/** How far to either side the outermost speakers go (-1 / +1 would be one ear only). */
export const PAN_SPREAD = 0.6;

/**
 * The pan (-`spread` left … +`spread` right) of the tile at `index` on a stage of `count`
 * tiles laid out in rows of `columns` (Infinity: one row): its column across the row width
 * actually used. A lone column (one speaker, or a one-column grid) is centred.
 */
export function stagePan(index: number, count: number, columns = Infinity, spread = PAN_SPREAD): number {
  const used = Math.min(count, Math.max(1, Math.floor(columns)));
  if (used <= 1 || index < 0 || index >= count) return 0;
  const column = index % used;
  return spread * ((2 * column) / (used - 1) - 1);
}

/** What the slot → pan mapping needs to know about the room and the member's choice. */
export interface PanInput {
  /** Who holds each receive slot (index `i` = the `i`-th receive m-line), as `slots` says. */
  slots: readonly (UserId | null)[];
  /** The stage in the order its grid shows it (left to right, row by row). */
  stage: readonly UserId[];
  /** Tiles per row of the stage grid as last rendered (Infinity: unknown, one row). */
  columns?: number;
  /** The member's spatial audio setting: off centres every slot. */
  enabled: boolean;
}

/**
 * The pan of each slot: its holder's place on stage, 0 (centre) for an empty slot, a holder
 * no longer on stage, or spatial audio turned off.
 */
export function slotPans({ slots, stage, columns = Infinity, enabled }: PanInput): number[] {
  return slots.map((holder) => {
    if (!enabled || holder === null) return 0;
    return stagePan(stage.indexOf(holder), stage.length, columns);
  });
}
