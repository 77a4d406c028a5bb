// Joins a room over the signaling socket and keeps its media session in step:
// join_room on every (re)connect, a fresh offer after each room_state that follows a join,
// answers applied, microphone on while on stage, muted state mirrored on the track.
import { useCallback, useEffect, useReducer, useState } from "react";
import type { ClientMessage } from "../gen/ClientMessage";
import type { LeaveReason } from "../gen/LeaveReason";
import type { ServerMessage } from "../gen/ServerMessage";
import type { UserId } from "../gen/UserId";
import { MediaSession } from "../media/peer";
import { useSocket } from "../state/socket";
import { useToast } from "../state/toasts";
import { initialRoomView, reduceRoom, selfIn, type RoomView } from "./state";

/** What the room page needs: the view, my own entry and a way to send commands. */
export interface RoomHandle {
  view: RoomView;
  self: ReturnType<typeof selfIn>;
  send(msg: ClientMessage): void;
  /** The browser blocked audio playback until a user gesture. */
  audioBlocked: boolean;
  /** Starts playback (call from a click). */
  resumeAudio(): void;
}

/** An error answering `join_room` that means the room cannot be entered at all. */
function joinRefusal(msg: ServerMessage): LeaveReason | null {
  if (msg.type !== "error") return null;
  if (msg.code === "room_ended" || msg.code === "not_found") return "room_ended";
  if (msg.code === "removed_from_room") return "removed";
  return null;
}

function endsMe(msg: ServerMessage, roomId: string): boolean {
  if (msg.type === "replaced") return true;
  return (msg.type === "left_room" || msg.type === "room_ended") && msg.room_id === roomId;
}

/** Joins `roomId` as user `me` for as long as the calling component is mounted. */
export function useRoom(roomId: string, me: UserId): RoomHandle {
  const socket = useSocket();
  const toast = useToast();
  const [view, dispatch] = useReducer(
    (v: RoomView, m: ServerMessage) => reduceRoom(v, m, roomId, me),
    initialRoomView,
  );
  const [media, setMedia] = useState<MediaSession | null>(null);
  const [audioBlocked, setAudioBlocked] = useState(false);

  useEffect(() => {
    if (!socket) return;
    const session = new MediaSession(
      (sdp) => socket.send({ type: "offer", sdp }),
      () => setAudioBlocked(true),
    );
    setMedia(session);
    let needOffer = true;
    let joining = false;
    let gone = false;
    const join = () => {
      if (gone) return;
      needOffer = true;
      joining = socket.send({ type: "join_room", room_id: roomId });
    };
    const unsubscribe = socket.subscribe({
      onOpen: join,
      onMessage: (msg) => {
        if (gone) return;
        const refused = joining ? joinRefusal(msg) : null;
        if (refused) {
          // Synthesize the end of the room so the page shows why we are not in it.
          msg = { type: "left_room", room_id: roomId, reason: refused };
        }
        if (msg.type === "room_state" && msg.room.id === roomId) joining = false;
        dispatch(msg);
        if (msg.type === "room_state" && msg.room.id === roomId && needOffer) {
          needOffer = false;
          session.start().catch((e: unknown) => toast(`Audio connection failed: ${String(e)}`));
        } else if (msg.type === "answer") {
          session.handleAnswer(msg.sdp).catch((e: unknown) => toast(`Audio answer rejected: ${String(e)}`));
        } else if (endsMe(msg, roomId)) {
          gone = true;
          session.close();
        }
      },
    });
    if (socket.isOpen) join();
    return () => {
      unsubscribe();
      if (!gone) socket.send({ type: "leave_room" });
      session.close();
      setMedia(null);
    };
  }, [socket, roomId, toast]);

  const self = selfIn(view, me);
  const onStage = self !== undefined && self.role !== "audience" && view.gone === null;
  const muted = self?.muted ?? true;

  useEffect(() => {
    media?.setOnStage(onStage).catch((e: unknown) => {
      toast(`Microphone unavailable: ${e instanceof Error ? e.message : String(e)}`);
    });
  }, [media, onStage, toast]);

  useEffect(() => {
    media?.setMuted(muted);
  }, [media, muted]);

  const send = useCallback(
    (msg: ClientMessage) => {
      if (!socket?.send(msg)) toast("Not connected; reconnecting…");
    },
    [socket, toast],
  );

  const resumeAudio = useCallback(() => {
    media?.resumePlayback().then(
      () => setAudioBlocked(false),
      (e: unknown) => toast(`Audio playback failed: ${String(e)}`),
    );
  }, [media, toast]);

  return { view, self, send, audioBlocked, resumeAudio };
}
