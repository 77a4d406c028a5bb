// How the room page arranges a room view for me: who is on stage and in the audience (and in
// what order), and which moderator controls I get.
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";
import type { UserSummary } from "../gen/UserSummary";
import { selfIn, type RoomView } from "./state";

/** The room page's arrangement of a view, as seen by one user. */
export interface RoomLayout {
  /** Moderators first, then speakers; each group in order of joining. */
  stage: Participant[];
  /** The audience: those followed by the speakers first, then the rest; each in order of joining. */
  audience: Participant[];
  /** The audience members someone on stage follows ("Followed by the speakers"). */
  audienceFollowed: Participant[];
  /** The rest of the audience. */
  audienceOthers: Participant[];
  /** My own entry, if I am in the room. */
  self: Participant | undefined;
  /** Whether I moderate (and so see the raised hands and the per-person menu). */
  isModerator: boolean;
  /** Raised audience hands listed for me (always empty unless I moderate). */
  hands: Participant[];
  /** The speak-invite banner for me, shown only while I am in the audience. */
  speakInvite: { by: UserSummary | null } | null;
}

/** The stage in the order its grid shows it: moderators first, then speakers, each by joining. */
export function stageOf(participants: readonly Participant[]): Participant[] {
  const stage = participants.filter((p) => p.role !== "audience");
  stage.sort((a, b) => Number(b.role === "moderator") - Number(a.role === "moderator"));
  return stage;
}

/** Arranges `view` for user `me`. */
export function roomLayout(view: RoomView, me: UserId): RoomLayout {
  const stage = stageOf(view.participants);
  const everyone = view.participants.filter((p) => p.role === "audience");
  const audienceFollowed = everyone.filter((p) => p.followed_by_speakers);
  const audienceOthers = everyone.filter((p) => !p.followed_by_speakers);
  const audience = [...audienceFollowed, ...audienceOthers];
  const self = selfIn(view, me);
  const isModerator = self?.role === "moderator";
  const hands = isModerator ? audience.filter((p) => p.hand_raised) : [];
  const speakInvite = self?.role === "audience" ? view.speakInvite : null;
  return { stage, audience, audienceFollowed, audienceOthers, self, isModerator, hands, speakInvite };
}

/** Whether `p`'s profile card lists moderator actions for me: only for moderators, never on myself. */
export function hasModeratorActions(isModerator: boolean, p: Participant, me: UserId): boolean {
  return isModerator && p.user.id !== me;
}

/**
 * The person whose card is open, with their current entry; undefined when nobody is picked,
 * they left, or (`isModerator` false) the card is for moderators only.
 */
export function menuTarget(view: RoomView, menuFor: Participant | null, isModerator: boolean): Participant | undefined {
  if (!menuFor || !isModerator) return undefined;
  return view.participants.find((p) => p.user.id === menuFor.user.id);
}

/** Whether my microphone should be captured: I am on stage and still in the room. */
export function publishesAudio(view: RoomView, self: Participant | undefined): boolean {
  return self !== undefined && self.role !== "audience" && view.gone === null;
}
