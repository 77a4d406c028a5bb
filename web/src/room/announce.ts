// What a screen reader hears when my situation in the room changes: my hand raised or lowered,
// an invitation to speak, going on stage or back to the audience, muted or unmuted, and (for
// moderators) a hand going up. Pure: compares two snapshots of the view.
import type { RoomRole } from "../gen/RoomRole";
import type { UserId } from "../gen/UserId";
import { t } from "../i18n";
import { roomLayout } from "./layout";
import type { RoomView } from "./state";

/** The parts of a room view the announcements follow, for one member. */
export interface AnnounceState {
  /** My role; null while I am not (or no longer) in the room. */
  role: RoomRole | null;
  muted: boolean;
  hand: boolean;
  /** A pending invitation to speak: who sent it ("A moderator" when unknown). */
  invitedBy: string | null;
  /** Raised hands in the audience (listed for moderators only): id and name. */
  hands: { id: UserId; name: string }[];
}

/** The snapshot of `view` for member `me`. */
export function announceState(view: RoomView, me: UserId): AnnounceState {
  const { self, hands, speakInvite } = roomLayout(view, me);
  return {
    role: view.loaded && !view.gone && self ? self.role : null,
    muted: self?.muted ?? true,
    hand: self?.hand_raised ?? false,
    invitedBy: speakInvite ? (speakInvite.by?.display_name ?? t("invite.aModerator")) : null,
    hands: hands.map((p) => ({ id: p.user.id, name: p.user.display_name })),
  };
}

function handsUp(prev: AnnounceState, next: AnnounceState): string[] {
  if (next.role !== "moderator" || prev.role !== "moderator") return [];
  const before = new Set(prev.hands.map((h) => h.id));
  const fresh = next.hands.filter((h) => !before.has(h.id));
  if (fresh.length === 0) return [];
  if (fresh.length === 1) return [t("announce.oneHand", { name: fresh[0]?.name ?? "" })];
  return [t("announce.hands", { count: fresh.length })];
}

/** The sentences to announce going from `prev` to `next` (none for the first snapshot). */
export function announcements(prev: AnnounceState | null, next: AnnounceState): string[] {
  if (!prev || prev.role === null || next.role === null) return [];
  const out: string[] = [];
  const wasOnStage = prev.role !== "audience";
  const onStage = next.role !== "audience";
  if (!wasOnStage && onStage) out.push(next.muted ? t("announce.onStageMuted") : t("announce.onStage"));
  else if (wasOnStage && !onStage) out.push(t("announce.backInAudience"));
  else if (onStage && prev.role !== next.role && next.role === "moderator") out.push(t("announce.moderatorNow"));
  if (onStage && wasOnStage && prev.muted !== next.muted) out.push(next.muted ? t("announce.muted") : t("announce.unmuted"));
  if (!onStage && !wasOnStage && prev.hand !== next.hand) out.push(next.hand ? t("announce.handRaised") : t("announce.handLowered"));
  if (next.invitedBy && !prev.invitedBy) out.push(t("announce.invitedYou", { name: next.invitedBy }));
  return [...out, ...handsUp(prev, next)];
}
