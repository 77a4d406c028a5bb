// The join protocol of one room, free of React and WebRTC: join_room on every (re)connect,
// one fresh offer (with the ICE servers that room_state brought) after the first room_state
// that follows each join, answers passed on,
// a refused join turned into a synthetic join_refused, and nothing more once I am out. An offer
// refused with `server_busy` (the server is setting up as many connections as it can) is made
// again after a backoff: 0.5 s, doubling to 8 s, with jitter (docs/protocol.md).
import type { IceServer } from "../gen/IceServer";
import type { ServerMessage } from "../gen/ServerMessage";
import type { GoneReason } from "./gone";
import type { RoomAction } from "./state";

/** What the media side must do after a message. */
export type JoinEffect =
  | { kind: "offer"; iceServers: IceServer[] }
  | { kind: "retry_offer"; iceServers: IceServer[]; afterMs: number }
  | { kind: "answer"; sdp: string }
  | { kind: "close" };

/** A message to fold into the room view, plus the media effect it calls for (if any). */
export interface JoinStep {
  msg: RoomAction;
  effect: JoinEffect | null;
}

/** An error answering `join_room` that means the room cannot be entered at all. */
export function joinRefusal(msg: ServerMessage): GoneReason | null {
  if (msg.type !== "error") return null;
  if (msg.code === "room_ended") return "room_ended";
  if (msg.code === "not_found") return "room_not_found";
  if (msg.code === "removed_from_room") return "removed";
  if (msg.code === "room_followers_only" || msg.code === "room_closed" || msg.code === "blocked" || msg.code === "club_members_only")
    return msg.code;
  return null;
}

/** Whether `msg` means I am no longer in room `roomId`. */
export function endsMe(msg: RoomAction, roomId: string): boolean {
  if (msg.type === "replaced") return true;
  return (msg.type === "left_room" || msg.type === "room_ended" || msg.type === "join_refused") && msg.room_id === roomId;
}

/** First wait before an offer refused with `server_busy` is made again. */
export const OFFER_BACKOFF_FIRST_MS = 500;
/** Longest wait between offers refused with `server_busy`. */
export const OFFER_BACKOFF_MAX_MS = 8000;

/** The per-mount state of joining room `roomId`. */
export class JoinFlow {
  private needOffer = true;
  private joining = false;
  private gone = false;
  private iceServers: IceServer[] = [];
  private backoffMs = OFFER_BACKOFF_FIRST_MS;

  /** `jitter` gives a number in [0, 1) (tests fix it). */
  constructor(
    private readonly roomId: string,
    private readonly jitter: () => number = Math.random,
  ) {}

  /** Whether I am out of the room for good (no leave_room needed, nothing more to do). */
  get isGone(): boolean {
    return this.gone;
  }

  /** On (re)connect: sends join_room through `send` (returns whether it went out) unless gone. */
  join(send: () => boolean): void {
    if (this.gone) return;
    this.needOffer = true;
    this.joining = send();
  }

  /** Handles one server message; null when it is to be ignored (I am gone). */
  handle(incoming: ServerMessage): JoinStep | null {
    if (this.gone) return null;
    let msg: RoomAction = incoming;
    const refused = this.joining ? joinRefusal(incoming) : null;
    if (refused) {
      // Synthesize the end of the room so the page shows why we are not in it.
      msg = { type: "join_refused", room_id: this.roomId, reason: refused };
    }
    const mine = msg.type === "room_state" && msg.room.id === this.roomId;
    if (mine) this.joining = false;
    let effect: JoinEffect | null = null;
    if (mine && msg.type === "room_state" && this.needOffer) {
      this.needOffer = false;
      this.iceServers = msg.ice_servers;
      this.backoffMs = OFFER_BACKOFF_FIRST_MS;
      effect = { kind: "offer", iceServers: msg.ice_servers };
    } else if (msg.type === "error" && msg.code === "server_busy") {
      const afterMs = Math.round(this.backoffMs * (1 + this.jitter() / 2));
      this.backoffMs = Math.min(this.backoffMs * 2, OFFER_BACKOFF_MAX_MS);
      effect = { kind: "retry_offer", iceServers: this.iceServers, afterMs };
    } else if (msg.type === "answer") {
      this.backoffMs = OFFER_BACKOFF_FIRST_MS;
      effect = { kind: "answer", sdp: msg.sdp };
    } else if (endsMe(msg, this.roomId)) {
      this.gone = true;
      effect = { kind: "close" };
    }
    return { msg, effect };
  }
}
