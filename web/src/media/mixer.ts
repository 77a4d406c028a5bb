// Spatial audio, the WebAudio part: each receive slot's track goes through its own
// StereoPannerNode into one output bus. Chromium feeds a remote WebRTC track to WebAudio only
// while a media element plays it, so the slots' <audio> elements stay (muted while this mixer is
// what the member hears; see peer.ts). The bus can also be tapped: a ChannelSplitter and one
// AnalyserNode per ear, which the end-to-end tests read to measure left and right levels.

/** How quickly a slot glides to a new place (time constant, seconds): no clicks on changes. */
const GLIDE_S = 0.05;

/** The output bus's left and right ears, for measuring (see `window.__stoa.audio`). */
export interface OutputTap {
  left: AnalyserNode;
  right: AnalyserNode;
  sampleRate: number;
}

/** An AudioContext with one panner per slot, summed into a bus the speakers play. */
export class SlotMixer {
  private readonly bus: GainNode;
  private readonly panners: StereoPannerNode[];
  private readonly sources: (MediaStreamAudioSourceNode | null)[];
  private readonly pans: number[];
  private audible = false;
  private outputTap: OutputTap | null = null;

  /** A mixer of `slots` slots, or null where WebAudio is missing (plain playback then). */
  static create(slots: number, onStateChange: () => void): SlotMixer | null {
    if (typeof AudioContext === "undefined") return null;
    try {
      return new SlotMixer(new AudioContext(), slots, onStateChange);
    } catch {
      return null;
    }
  }

  private constructor(
    private readonly ctx: AudioContext,
    slots: number,
    onStateChange: () => void,
  ) {
    this.bus = ctx.createGain();
    this.panners = Array.from({ length: slots }, () => {
      const p = ctx.createStereoPanner();
      p.connect(this.bus);
      return p;
    });
    this.sources = this.panners.map(() => null);
    this.pans = this.panners.map(() => 0);
    ctx.onstatechange = onStateChange;
  }

  /** Whether the context is rendering (a browser may hold it suspended until a user gesture). */
  get running(): boolean {
    return this.ctx.state === "running";
  }

  /** Feeds `stream` (a slot's remote track) into slot `slot`'s panner, replacing any before. */
  attach(slot: number, stream: MediaStream): void {
    const panner = this.panners[slot];
    if (!panner) return;
    this.sources[slot]?.disconnect();
    const src = this.ctx.createMediaStreamSource(stream);
    src.connect(panner);
    this.sources[slot] = src;
  }

  /** Disconnects every slot's track (the peer connection they came from is gone). */
  detachAll(): void {
    for (let i = 0; i < this.sources.length; i++) {
      this.sources[i]?.disconnect();
      this.sources[i] = null;
    }
  }

  /** Moves each slot to its pan (-1 left … 1 right), gliding from where it was. */
  setPans(pans: readonly number[]): void {
    this.panners.forEach((p, i) => {
      const v = Math.max(-1, Math.min(1, pans[i] ?? 0));
      if (v === this.pans[i]) return;
      this.pans[i] = v;
      p.pan.setTargetAtTime(v, this.ctx.currentTime, GLIDE_S);
    });
  }

  /** The pans last set, per slot. */
  currentPans(): number[] {
    return this.pans.slice();
  }

  /** Whether the bus plays to the speakers (else the slots' own elements do). */
  setAudible(on: boolean): void {
    if (on === this.audible) return;
    this.audible = on;
    if (on) this.bus.connect(this.ctx.destination);
    else this.bus.disconnect(this.ctx.destination);
  }

  /** Whether the bus is what the member hears. */
  get isAudible(): boolean {
    return this.audible;
  }

  /** The bus's two ears (made on first use). */
  tap(): OutputTap {
    if (this.outputTap) return this.outputTap;
    const split = this.ctx.createChannelSplitter(2);
    this.bus.connect(split);
    const ear = (channel: number) => {
      const an = this.ctx.createAnalyser();
      an.fftSize = 8192;
      an.smoothingTimeConstant = 0.2;
      split.connect(an, channel);
      return an;
    };
    this.outputTap = { left: ear(0), right: ear(1), sampleRate: this.ctx.sampleRate };
    return this.outputTap;
  }

  /** Starts rendering (call from a user gesture when the browser held it suspended). */
  resume(): Promise<void> {
    return this.ctx.resume();
  }

  /** Stops the context for good. */
  close(): void {
    this.detachAll();
    this.ctx.onstatechange = null;
    this.ctx.close().catch(() => undefined);
  }
}
