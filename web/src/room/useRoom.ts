// The app's room connection: keeps the session of session.ts joined over the signaling socket and
// its media session in step, whatever page is showing. join_room on every (re)connect, a fresh
// offer after each room_state that follows a join, answers applied, microphone on while on stage,
// muted state mirrored on the track; leave_room only when the session is closed or switched.
// Each receive slot is panned by its speaker's place on the stage grid (spatial audio, a
// per-device setting).
import { t } from "../i18n";
import { useCallback, useEffect, useMemo, useReducer, useState } from "react";
import type { ClientMessage } from "../gen/ClientMessage";
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";
import { slotPans } from "../media/pan";
import { MediaSession } from "../media/peer";
import { useSpatialAudio } from "../media/spatialSetting";
import { useSocket } from "../state/socket";
import { useToast } from "../state/toasts";
import { JoinFlow } from "./joinFlow";
import { publishesAudio, stageOf } from "./layout";
import { STREAM } from "./reactions";
import { noSession, reduceSession, type RoomSession, type SessionAction } from "./session";
import { selfIn } from "./state";

/** What pages and the mini-player get: the session, my own entry, commands and session changes. */
export interface RoomHandle {
  session: RoomSession;
  self: Participant | undefined;
  send(msg: ClientMessage): void;
  /** The browser blocked audio playback until a user gesture. */
  audioBlocked: boolean;
  /** Starts playback (call from a click). */
  resumeAudio(): void;
  /** Be in room `roomId` (kept when already in it; else leaves any other room and joins). */
  open(roomId: string): void;
  /** Leave the room (or dismiss the notice of one I am out of). */
  leave(): void;
  /** The page of `roomId` went away: forget that room if I am out of it. */
  release(roomId: string): void;
  /** The room page's stage grid shows `n` tiles a row (spatial audio pans by column). */
  setStageColumns(n: number): void;
}

/** The room session of user `me` (null: signed out, no room). */
export function useRoom(me: UserId | null): RoomHandle {
  const socket = useSocket();
  const toast = useToast();
  const [session, dispatch] = useReducer(
    (s: RoomSession, a: SessionAction) => (me === null ? noSession : reduceSession(s, a, me)),
    noSession,
  );
  const [media, setMedia] = useState<MediaSession | null>(null);
  const [audioBlocked, setAudioBlocked] = useState(false);
  const [stageColumns, setStageColumns] = useState(Infinity);
  const [spatial] = useSpatialAudio();
  const { roomId, gen } = session;

  useEffect(() => {
    if (me === null) dispatch({ type: "close" });
  }, [me]);

  useEffect(() => {
    if (!socket || roomId === null) return;
    const room = roomId;
    setAudioBlocked(false);
    const mediaSession = new MediaSession(
      (sdp) => socket.send({ type: "offer", sdp }),
      () => setAudioBlocked(true),
    );
    setMedia(mediaSession);
    const flow = new JoinFlow(room);
    let retry: ReturnType<typeof setTimeout> | undefined;
    const join = () => flow.join(() => socket.send({ type: "join_room", room_id: room }));
    const unsubscribe = socket.subscribe({
      onOpen: join,
      onMessage: (msg) => {
        const step = flow.handle(msg);
        if (!step) return;
        dispatch({ type: "room", msg: step.msg });
        const effect = step.effect;
        if (effect?.kind === "offer") {
          clearTimeout(retry);
          mediaSession.start(effect.iceServers).catch((e: unknown) => toast(t("room.audioFailed", { error: String(e) })));
        } else if (effect?.kind === "retry_offer") {
          // The server is busy setting up connections: offer again after the backoff.
          const { iceServers, afterMs } = effect;
          clearTimeout(retry);
          retry = setTimeout(() => {
            mediaSession.start(iceServers).catch((e: unknown) => toast(t("room.audioFailed", { error: String(e) })));
          }, afterMs);
        } else if (effect?.kind === "answer") {
          mediaSession.handleAnswer(effect.sdp).catch((e: unknown) => toast(t("room.answerRejected", { error: String(e) })));
        } else if (effect?.kind === "close") {
          mediaSession.close();
        }
      },
    });
    if (socket.isOpen) join();
    return () => {
      clearTimeout(retry);
      unsubscribe();
      if (!flow.isGone) socket.send({ type: "leave_room" });
      mediaSession.close();
      setMedia(null);
    };
  }, [socket, roomId, gen, toast]);

  // Drop the reactions that finished floating (the stream also prunes on every new one).
  const { view } = session;
  const floating = view.reactions.length;
  useEffect(() => {
    if (floating === 0) return;
    const timer = setTimeout(() => dispatch({ type: "room", msg: { type: "prune_reactions" } }), STREAM.ttl);
    return () => clearTimeout(timer);
  }, [floating, view.reactions]);

  const self = me === null ? undefined : selfIn(view, me);
  const onStage = publishesAudio(view, self);
  const muted = self?.muted ?? true;

  useEffect(() => {
    media?.setOnStage(onStage).catch((e: unknown) => {
      toast(t("room.micUnavailable", { error: e instanceof Error ? e.message : String(e) }));
    });
  }, [media, onStage, toast]);

  useEffect(() => {
    media?.setMuted(muted);
  }, [media, muted]);

  const { slots, participants } = view;
  const pans = useMemo(
    () => slotPans({ slots, stage: stageOf(participants).map((p) => p.user.id), columns: stageColumns, enabled: spatial }),
    [slots, participants, stageColumns, spatial],
  );
  useEffect(() => {
    media?.setSpatial(spatial);
    media?.setPans(pans);
  }, [media, spatial, pans]);

  const send = useCallback(
    (msg: ClientMessage) => {
      if (!socket?.send(msg)) toast(t("room.notConnected"));
    },
    [socket, toast],
  );

  const resumeAudio = useCallback(() => {
    media?.resumePlayback().then(
      () => setAudioBlocked(false),
      (e: unknown) => toast(t("room.playbackFailed", { error: String(e) })),
    );
  }, [media, toast]);

  const open = useCallback((id: string) => dispatch({ type: "open", roomId: id }), []);
  const leave = useCallback(() => dispatch({ type: "close" }), []);
  const release = useCallback((id: string) => dispatch({ type: "release", roomId: id }), []);

  return { session, self, send, audioBlocked, resumeAudio, open, leave, release, setStageColumns };
}
