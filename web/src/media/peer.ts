// One room's media: an RTCPeerConnection with one send-only audio m-line (the microphone)
// followed by AUDIO_SLOTS receive-only m-lines, each played through its own <audio> element, or,
// with spatial audio on, through the slot's panner (mixer.ts; the element then plays muted,
// which Chromium needs to feed the track to WebAudio). Spatial audio off plays the elements
// directly, which is also what browser echo cancellation hears best (loudspeakers).
// Restarts itself (new connection, new offer) when the connection fails or stays
// disconnected for more than 2 s. The microphone is captured only while on stage and
// attached with `replaceTrack`, so going on or off stage never renegotiates.
import { AUDIO_SLOTS, FAILURE_GRACE_MS, micConstraints } from "./config";
import { exposeAudio, exposePeerConnection } from "./diagnostics";
import { SlotMixer } from "./mixer";
import type { IceServer } from "../gen/IceServer";

/** The wire's ICE server as `RTCPeerConnection` takes it (no undefined fields). */
export function toRtcIceServer(s: IceServer): RTCIceServer {
  const out: RTCIceServer = { urls: s.urls };
  if (s.username !== undefined) out.username = s.username;
  if (s.credential !== undefined) out.credential = s.credential;
  return out;
}

/** Where the session sends its SDP offers (the signaling socket). */
export type OfferSink = (sdp: string) => boolean;

/** Owns the peer connection, the microphone and the playback elements of one room. */
export class MediaSession {
  private pc: RTCPeerConnection | null = null;
  private sender: RTCRtpSender | null = null;
  private mic: MediaStreamTrack | null = null;
  private micRequest: Promise<void> | null = null;
  private wantMic = false;
  private muted = true;
  private generation = 0;
  private failTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly players: HTMLDivElement;
  private closed = false;
  /** The STUN/TURN servers of the latest `room_state` (restarts reuse them). */
  private iceServers: RTCIceServer[] = [];
  /** The slots' panners (null without WebAudio: the elements play as they are). */
  private readonly mixer: SlotMixer | null;
  /** The member's spatial audio setting. */
  private spatial = true;

  /**
   * `sendOffer` posts SDP to the server; `onAutoplayBlocked` fires when the browser refused to
   * start playback without a user gesture (call `resumePlayback` from a click then).
   */
  constructor(
    private readonly sendOffer: OfferSink,
    private readonly onAutoplayBlocked: () => void = () => undefined,
  ) {
    this.players = document.createElement("div");
    this.players.hidden = true;
    this.players.dataset.testid = "room-audio";
    document.body.appendChild(this.players);
    this.mixer = SlotMixer.create(AUDIO_SLOTS, () => this.route());
    const mixer = this.mixer;
    if (mixer) {
      exposeAudio({ pans: () => mixer.currentPans(), spatial: () => mixer.isAudible, tap: () => mixer.tap() });
      // A context made before any user gesture stays suspended: the first gesture starts it.
      document.addEventListener("pointerdown", this.wake, true);
      document.addEventListener("keydown", this.wake, true);
    }
    this.route();
  }

  /**
   * Creates a fresh peer connection (closing any previous one) and sends its offer. `iceServers`
   * (TURN with short-lived credentials, from `room_state`) replace the ones kept from before.
   */
  async start(iceServers?: IceServer[]): Promise<void> {
    if (this.closed) return;
    if (iceServers) this.iceServers = iceServers.map(toRtcIceServer);
    const gen = ++this.generation;
    this.teardownPc();
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.pc = pc;
    exposePeerConnection(pc);
    const send = pc.addTransceiver(this.mic ?? "audio", { direction: "sendonly" });
    this.sender = send.sender;
    for (let i = 0; i < AUDIO_SLOTS; i++) {
      const t = pc.addTransceiver("audio", { direction: "recvonly" });
      this.play(t.receiver.track, i);
    }
    pc.onconnectionstatechange = () => this.watch(pc);
    const offer = await pc.createOffer();
    if (gen !== this.generation) return;
    await pc.setLocalDescription(offer);
    if (gen !== this.generation || !pc.localDescription) return;
    this.sendOffer(pc.localDescription.sdp);
  }

  /** Applies the server's answer to the pending offer. */
  async handleAnswer(sdp: string): Promise<void> {
    const pc = this.pc;
    if (!pc || pc.signalingState !== "have-local-offer") return;
    await pc.setRemoteDescription({ type: "answer", sdp });
  }

  /** On stage: capture the microphone and send it; off stage: stop it. */
  async setOnStage(onStage: boolean): Promise<void> {
    this.wantMic = onStage;
    if (!onStage) {
      this.releaseMic();
      return;
    }
    if (this.mic || this.micRequest) return;
    this.micRequest = this.acquireMic().finally(() => {
      this.micRequest = null;
    });
    await this.micRequest;
  }

  /** Mirrors the server's mute state on the local track (a muted track sends silence). */
  setMuted(muted: boolean): void {
    this.muted = muted;
    if (this.mic) this.mic.enabled = !muted;
  }

  /** Spatial audio on (each slot panned by its speaker's place on stage) or off (centred). */
  setSpatial(on: boolean): void {
    this.spatial = on;
    this.route();
  }

  /** Each receive slot's pan (-1 left … 1 right), see pan.ts. */
  setPans(pans: readonly number[]): void {
    this.mixer?.setPans(pans);
  }

  /** Retries playback of every slot (call from a user gesture after autoplay was blocked). */
  async resumePlayback(): Promise<void> {
    const els = Array.from(this.players.querySelectorAll("audio"));
    await Promise.all([...els.map((el) => el.play()), this.mixer?.resume()]);
  }

  /** Stops everything; the session cannot be restarted. */
  close(): void {
    this.closed = true;
    this.generation++;
    this.teardownPc();
    this.releaseMic();
    this.players.remove();
    this.unwatchGestures();
    this.mixer?.close();
    exposePeerConnection(null);
    exposeAudio(null);
  }

  private readonly wake = (): void => {
    if (!this.mixer || this.mixer.running) return this.unwatchGestures();
    this.mixer.resume().catch(() => undefined);
  };

  private unwatchGestures(): void {
    document.removeEventListener("pointerdown", this.wake, true);
    document.removeEventListener("keydown", this.wake, true);
  }

  /** Whether the panned mix plays (spatial on and WebAudio running), else the bare elements. */
  private viaMixer(): boolean {
    return this.spatial && !this.closed && (this.mixer?.running ?? false);
  }

  /** Sends the slots to the speakers one way or the other, never both. */
  private route(): void {
    const mixed = this.viaMixer();
    this.mixer?.setAudible(mixed);
    for (const el of Array.from(this.players.querySelectorAll("audio"))) el.muted = mixed;
  }

  private async acquireMic(): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: micConstraints() });
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    if (!this.wantMic || this.closed) {
      track.stop();
      return;
    }
    this.mic = track;
    track.enabled = !this.muted;
    await this.sender?.replaceTrack(track);
  }

  private releaseMic(): void {
    if (!this.mic) return;
    this.mic.stop();
    this.mic = null;
    this.sender?.replaceTrack(null).catch(() => undefined);
  }

  private play(track: MediaStreamTrack, slot: number): void {
    const el = document.createElement("audio");
    el.autoplay = true;
    el.dataset.slot = String(slot);
    const stream = new MediaStream([track]);
    el.srcObject = stream;
    el.muted = this.viaMixer();
    this.players.appendChild(el);
    this.mixer?.attach(slot, stream);
    el.play().catch((e: unknown) => {
      if (e instanceof DOMException && e.name === "NotAllowedError") this.onAutoplayBlocked();
    });
  }

  private watch(pc: RTCPeerConnection): void {
    if (pc !== this.pc) return;
    const state = pc.connectionState;
    if (state === "failed" || state === "disconnected") {
      if (this.failTimer) return;
      this.failTimer = setTimeout(() => {
        this.failTimer = null;
        const now = this.pc?.connectionState;
        if (this.pc === pc && (now === "failed" || now === "disconnected")) void this.start();
      }, FAILURE_GRACE_MS);
    } else if (this.failTimer) {
      clearTimeout(this.failTimer);
      this.failTimer = null;
    }
  }

  private teardownPc(): void {
    if (this.failTimer) clearTimeout(this.failTimer);
    this.failTimer = null;
    if (this.pc) {
      this.pc.onconnectionstatechange = null;
      this.pc.close();
    }
    this.pc = null;
    this.sender = null;
    this.players.replaceChildren();
    this.mixer?.detachAll();
  }
}
