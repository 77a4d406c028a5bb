// Diagnostics hooks: `window.__stoa.pc` is the current room's RTCPeerConnection (or null), and
// `window.__stoa.audio` the room's spatial audio (or null). End-to-end tests read them to analyse
// received audio; the app itself never does.
import type { OutputTap } from "./mixer";

/** What `window.__stoa.audio` offers: the slots' pans and the output's two ears. */
export interface AudioDiagnostics {
  /** The pan of each receive slot now (-1 left … 1 right). */
  pans(): number[];
  /** Whether the panned output is what plays (false: the slots' <audio> elements play as is). */
  spatial(): boolean;
  /** Left and right analysers on the panned output. */
  tap(): OutputTap;
}

declare global {
  interface Window {
    /** Diagnostics for tests and debugging. */
    __stoa?: { pc: RTCPeerConnection | null; audio?: AudioDiagnostics | null };
  }
}

/** Publishes the current peer connection as `window.__stoa.pc`. */
export function exposePeerConnection(pc: RTCPeerConnection | null): void {
  window.__stoa = { ...window.__stoa, pc };
}

/** Publishes the room's spatial audio as `window.__stoa.audio`. */
export function exposeAudio(audio: AudioDiagnostics | null): void {
  window.__stoa = { pc: window.__stoa?.pc ?? null, audio };
}
