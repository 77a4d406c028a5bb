// Media constants and microphone constraints.

/** Receive slots per peer connection (must match the server's `AUDIO_SLOTS`). */
export const AUDIO_SLOTS = 3;

/** How long a connection may stay failed/disconnected before it is rebuilt. */
export const FAILURE_GRACE_MS = 2000;

/**
 * Microphone constraints. Browser defaults (echo cancellation, noise suppression, gain control)
 * suit real use. Setting `localStorage["stoa.rawMic"] = "1"` turns the processing off, which
 * fidelity tests need (noise suppression removes a steady test tone).
 */
export function micConstraints(): MediaTrackConstraints | true {
  let raw = false;
  try {
    raw = localStorage.getItem("stoa.rawMic") === "1";
  } catch {
    raw = false;
  }
  if (!raw) return true;
  return { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
}
