// Diagnostics hook: `window.__stoa.pc` is the current room's RTCPeerConnection (or null).
// End-to-end tests read it to analyse received audio; it is not used by the app itself.

declare global {
  interface Window {
    /** Diagnostics for tests and debugging: the current peer connection. */
    __stoa?: { pc: RTCPeerConnection | null };
  }
}

/** Publishes the current peer connection as `window.__stoa.pc`. */
export function exposePeerConnection(pc: RTCPeerConnection | null): void {
  window.__stoa = { pc };
}
