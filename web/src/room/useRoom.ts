// Joins a room over the signaling socket and keeps its media session in step:
// join_room on every (re)connect, a fresh offer after each room_state that follows a join,
// answers applied, microphone on while on stage, muted state mirrored on the track.
import { useCallback, useEffect, useReducer, useState } from "react";
import type { ClientMessage } from "../gen/ClientMessage";
import type { UserId } from "../gen/UserId";
import { MediaSession } from "../media/peer";
import { useSocket } from "../state/socket";
import { useToast } from "../state/toasts";
import { JoinFlow } from "./joinFlow";
import { publishesAudio } from "./layout";
import { STREAM } from "./reactions";
import { initialRoomView, reduceRoom, selfIn, type RoomAction, type RoomView } from "./state";

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

/** Joins `roomId` as user `me` for as long as the calling component is mounted. */
export function useRoom(roomId: string, me: UserId): RoomHandle {
  const socket = useSocket();
  const toast = useToast();
  const [view, dispatch] = useReducer(
    (v: RoomView, m: RoomAction) => reduceRoom(v, m, roomId, me),
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
    const flow = new JoinFlow(roomId);
    const join = () => flow.join(() => socket.send({ type: "join_room", room_id: roomId }));
    const unsubscribe = socket.subscribe({
      onOpen: join,
      onMessage: (msg) => {
        const step = flow.handle(msg);
        if (!step) return;
        dispatch(step.msg);
        const effect = step.effect;
        if (effect?.kind === "offer") {
          session.start(effect.iceServers).catch((e: unknown) => toast(`Audio connection failed: ${String(e)}`));
        } else if (effect?.kind === "answer") {
          session.handleAnswer(effect.sdp).catch((e: unknown) => toast(`Audio answer rejected: ${String(e)}`));
        } else if (effect?.kind === "close") {
          session.close();
        }
      },
    });
    if (socket.isOpen) join();
    return () => {
      unsubscribe();
      if (!flow.isGone) socket.send({ type: "leave_room" });
      session.close();
      setMedia(null);
    };
  }, [socket, roomId, toast]);

  // Drop the reactions that finished floating (the stream also prunes on every new one).
  const floating = view.reactions.length;
  useEffect(() => {
    if (floating === 0) return;
    const t = setTimeout(() => dispatch({ type: "prune_reactions" }), STREAM.ttl);
    return () => clearTimeout(t);
  }, [floating, view.reactions]);

  const self = selfIn(view, me);
  const onStage = publishesAudio(view, self);
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
