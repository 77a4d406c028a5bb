// The room as this client sees it, folded from server messages by a pure reducer.
import type { ModLogEntry } from "../gen/ModLogEntry";
import type { Participant } from "../gen/Participant";
import type { PinnedLink } from "../gen/PinnedLink";
import type { RoomKind } from "../gen/RoomKind";
import type { ServerMessage } from "../gen/ServerMessage";
import type { UserId } from "../gen/UserId";
import type { UserSummary } from "../gen/UserSummary";
import type { GoneReason } from "./gone";
import { addFloating, pruneFloating, type Floating } from "./reactions";

/**
 * A server message, the client's own note that a join was refused (see joinFlow.ts), or the
 * page's timer asking to drop the reactions that finished floating.
 */
export type RoomAction =
  | ServerMessage
  | { type: "join_refused"; room_id: string; reason: GoneReason }
  | { type: "prune_reactions" };

/** At most this many live moderation log entries are kept in the view. */
export const MAX_LIVE_MODLOG = 200;

/** Everything the room page renders. */
export interface RoomView {
  /** Set once the first `room_state` arrived. */
  loaded: boolean;
  title: string;
  kind: RoomKind;
  /** In order of joining. */
  participants: Participant[];
  slots: (UserId | null)[];
  speaking: ReadonlySet<UserId>;
  /** A pending invitation to speak (for me), with who sent it when known. */
  speakInvite: { by: UserSummary | null } | null;
  /** Why I am no longer in the room, once I am not. */
  gone: GoneReason | null;
  /** The link a moderator pinned. */
  pinnedLink: PinnedLink | null;
  /** Moderation log entries received live (newest first), for the moderators' panel. */
  modLog: ModLogEntry[];
  /** Reactions floating over the tiles right now. */
  reactions: Floating[];
}

/** The view before any message. */
export const initialRoomView: RoomView = {
  loaded: false,
  title: "",
  kind: "open",
  participants: [],
  slots: [],
  speaking: new Set(),
  speakInvite: null,
  gone: null,
  pinnedLink: null,
  modLog: [],
  reactions: [],
};

function upsert(list: Participant[], p: Participant): Participant[] {
  const i = list.findIndex((x) => x.user.id === p.user.id);
  if (i < 0) return [...list, p];
  const next = list.slice();
  next[i] = p;
  return next;
}

function belongs(msg: { room_id: string }, roomId: string): boolean {
  return msg.room_id === roomId;
}

/** Applies one participant's new state (joined or changed). */
function applyParticipant(view: RoomView, p: Participant, me: UserId): RoomView {
  let speakInvite = view.speakInvite;
  if (p.user.id === me) {
    if (!p.speak_invited || p.role !== "audience") speakInvite = null;
    else if (!speakInvite) speakInvite = { by: null };
  }
  return { ...view, participants: upsert(view.participants, p), speakInvite };
}

/**
 * Folds one server message into the view of room `roomId` as seen by user `me`; `now` (ms)
 * times the floating reactions.
 */
export function reduceRoom(
  view: RoomView,
  msg: RoomAction,
  roomId: string,
  me: UserId,
  now: number = Date.now(),
): RoomView {
  switch (msg.type) {
    case "room_state": {
      if (msg.room.id !== roomId) return view;
      const mine = msg.room.participants.find((p) => p.user.id === me);
      return {
        loaded: true,
        title: msg.room.title,
        kind: msg.room.kind,
        participants: msg.room.participants,
        slots: msg.room.slots,
        speaking: new Set(msg.room.speaking),
        speakInvite: mine?.speak_invited ? (view.speakInvite ?? { by: null }) : null,
        gone: null,
        pinnedLink: msg.room.pinned_link ?? null,
        modLog: view.modLog,
        reactions: [],
      };
    }
    case "participant_updated":
      return belongs(msg, roomId) ? applyParticipant(view, msg.participant, me) : view;
    case "participants_updated":
      return belongs(msg, roomId)
        ? msg.participants.reduce((v, p) => applyParticipant(v, p, me), view)
        : view;
    case "participant_left": {
      if (!belongs(msg, roomId)) return view;
      const speaking = new Set(view.speaking);
      speaking.delete(msg.user_id);
      return {
        ...view,
        participants: view.participants.filter((p) => p.user.id !== msg.user_id),
        speaking,
      };
    }
    case "slots":
      return belongs(msg, roomId) ? { ...view, slots: msg.slots } : view;
    case "speaking":
      return belongs(msg, roomId) ? { ...view, speaking: new Set(msg.user_ids) } : view;
    case "speak_invite":
      return belongs(msg, roomId) ? { ...view, speakInvite: { by: msg.by } } : view;
    case "left_room":
      return belongs(msg, roomId) ? { ...view, gone: msg.reason, speakInvite: null } : view;
    case "room_ended":
      return belongs(msg, roomId) ? { ...view, gone: "room_ended", speakInvite: null } : view;
    case "replaced":
      return { ...view, gone: "replaced" };
    case "join_refused":
      return belongs(msg, roomId) ? { ...view, gone: msg.reason, speakInvite: null } : view;
    case "room_kind_changed":
      return belongs(msg, roomId) ? { ...view, kind: msg.kind } : view;
    case "pinned_link_changed":
      return belongs(msg, roomId) ? { ...view, pinnedLink: msg.link } : view;
    case "mod_log_entry": {
      if (!belongs(msg.entry, roomId) || view.modLog.some((e) => e.id === msg.entry.id)) return view;
      return { ...view, modLog: [msg.entry, ...view.modLog].slice(0, MAX_LIVE_MODLOG) };
    }
    case "reaction":
      return belongs(msg, roomId) && !view.gone
        ? { ...view, reactions: addFloating(view.reactions, msg.user_id, msg.reaction, now) }
        : view;
    case "prune_reactions": {
      const reactions = pruneFloating(view.reactions, now);
      return reactions === view.reactions ? view : { ...view, reactions };
    }
    default:
      return view;
  }
}

/** My own participant entry, if I am in the room. */
export function selfIn(view: RoomView, me: UserId): Participant | undefined {
  return view.participants.find((p) => p.user.id === me);
}
