// The app's one room session, free of React and WebRTC: which room I am in (if any) and its view.
// It belongs to the app, not to a page: navigating never changes it. Only `open` (a room page
// for another room, or for the same room after I was out of it), `close` (leave, sign-out) and
// `release` (the page of a room I am out of was left) do.
import { roomIdOf } from "./paths";
import { initialRoomView, reduceRoom, selfIn, type RoomAction, type RoomView } from "./state";
import type { UserId } from "../gen/UserId";

/** The current room session. */
export interface RoomSession {
  /** The room I am in (or was in, while `view.gone` says why I am out); null when none. */
  roomId: string | null;
  /** Counts the joins: a new value starts a new connection (a rejoin of the same room too). */
  gen: number;
  view: RoomView;
}

/** No room. */
export const noSession: RoomSession = { roomId: null, gen: 0, view: initialRoomView };

/** What changes the session. */
export type SessionAction =
  /** A room page asks to be in `roomId`: kept when already in it, else a fresh join. */
  | { type: "open"; roomId: string }
  /** Leave (the leave button, sign-out) or dismiss the notice of a room I am out of. */
  | { type: "close" }
  /** The page of `roomId` went away: the session is dropped only if I am out of that room. */
  | { type: "release"; roomId: string }
  /** A message about the room (from the server, the join flow or the reaction timer). */
  | { type: "room"; msg: RoomAction };

/** Folds one action into the session of user `me`; `now` (ms) times the floating reactions. */
export function reduceSession(s: RoomSession, a: SessionAction, me: UserId, now: number = Date.now()): RoomSession {
  switch (a.type) {
    case "open":
      if (s.roomId === a.roomId && s.view.gone === null) return s;
      return { roomId: a.roomId, gen: s.gen + 1, view: initialRoomView };
    case "close":
      return s.roomId === null ? s : { roomId: null, gen: s.gen, view: initialRoomView };
    case "release":
      return s.roomId === a.roomId && s.view.gone !== null ? { roomId: null, gen: s.gen, view: initialRoomView } : s;
    case "room": {
      if (s.roomId === null) return s;
      const view = reduceRoom(s.view, a.msg, s.roomId, me, now);
      return view === s.view ? s : { ...s, view };
    }
  }
}

/** Whether I am in a room right now (joined or joining, not out of it). */
export function inRoom(s: RoomSession): boolean {
  return s.roomId !== null && s.view.gone === null;
}

/**
 * Whether opening the page of `pageRoomId` must ask before switching rooms: I am on the stage
 * of another room (leaving may hand over or end it). A listener switches at once.
 */
export function needsSwitchConfirm(s: RoomSession, pageRoomId: string, me: UserId): boolean {
  if (!inRoom(s) || s.roomId === pageRoomId) return false;
  const self = selfIn(s.view, me);
  return self !== undefined && self.role !== "audience";
}

/** Whether the page at `path` is the page of the session's room. */
export function onRoomPage(s: RoomSession, path: string): boolean {
  return s.roomId !== null && roomIdOf(path) === s.roomId;
}
