// The reconnect delay schedule of the signaling socket: 0.5 s, doubling up to 5 s, back to
// 0.5 s after a successful connection.

/** The first reconnect delay. */
export const MIN_BACKOFF_MS = 500;
/** The longest reconnect delay. */
export const MAX_BACKOFF_MS = 5000;

/** Hands out successive reconnect delays. */
export class Backoff {
  private current = MIN_BACKOFF_MS;

  /** The delay before the next attempt; each call doubles the following one (capped). */
  next(): number {
    const delay = this.current;
    this.current = Math.min(this.current * 2, MAX_BACKOFF_MS);
    return delay;
  }

  /** Starts over from the shortest delay (call once connected). */
  reset(): void {
    this.current = MIN_BACKOFF_MS;
  }
}
