import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ServerMessage } from "../gen/ServerMessage";
import { StoaSocket } from "./socket";

/** A stand-in for the browser WebSocket that the test opens, feeds and drops by hand. */
class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];

  readyState = FakeWebSocket.CONNECTING;
  sent: string[] = [];
  closedByClient = false;
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string): void {
    this.sent.push(data);
  }

  /** Client-side close: like a browser, the close event comes later (never, here). */
  close(): void {
    this.closedByClient = true;
    this.readyState = FakeWebSocket.CLOSED;
  }

  open(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.();
  }

  receive(data: unknown): void {
    this.onmessage?.({ data });
  }

  /** The connection drops (server gone, network lost: 1006), or the server closes with `code`. */
  drop(code = 1006): void {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code });
  }
}

const URL = "ws://127.0.0.1:1/api/ws";

function latest(): FakeWebSocket {
  const ws = FakeWebSocket.instances.at(-1);
  if (!ws) throw new Error("no socket created");
  return ws;
}

/** Drops the current connection and returns how long the socket waited before reconnecting. */
function reconnectDelay(): number {
  const before = FakeWebSocket.instances.length;
  latest().drop();
  let waited = 0;
  while (FakeWebSocket.instances.length === before) {
    if (waited > 60_000) throw new Error("never reconnected");
    vi.advanceTimersByTime(100);
    waited += 100;
  }
  return waited;
}

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.useFakeTimers();
  vi.stubGlobal("WebSocket", FakeWebSocket);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("StoaSocket", () => {
  it("connects at once to the given URL and reports status changes", () => {
    const s = new StoaSocket(URL);
    const statuses: string[] = [];
    s.onStatus(() => statuses.push(s.status));
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(latest().url).toBe(URL);
    expect(s.status).toBe("connecting");
    expect(s.isOpen).toBe(false);
    latest().open();
    expect(s.status).toBe("open");
    expect(s.isOpen).toBe(true);
    latest().drop();
    expect(statuses).toEqual(["open", "connecting"]);
  });

  it("reconnects after 0.5 s, 1 s, 2 s, 4 s, then every 5 s while the server stays away", () => {
    new StoaSocket(URL);
    const delays = Array.from({ length: 6 }, () => reconnectDelay());
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });

  it("waits exactly the backoff, not a moment less", () => {
    new StoaSocket(URL);
    latest().drop();
    vi.advanceTimersByTime(499);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it("starts over at 0.5 s after a successful connection", () => {
    new StoaSocket(URL);
    expect([reconnectDelay(), reconnectDelay(), reconnectDelay()]).toEqual([500, 1000, 2000]);
    latest().open();
    expect([reconnectDelay(), reconnectDelay()]).toEqual([500, 1000]);
  });

  it("tells listeners about every (re)open and drop", () => {
    const s = new StoaSocket(URL);
    const events: string[] = [];
    s.subscribe({ onOpen: () => events.push("open"), onClose: () => events.push("close") });
    latest().open();
    latest().drop();
    vi.advanceTimersByTime(500);
    latest().open();
    expect(events).toEqual(["open", "close", "open"]);
  });

  it("close() stops for good: no reconnect, even one already scheduled", () => {
    const s = new StoaSocket(URL);
    latest().drop();
    s.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(s.status).toBe("closed");

    const t = new StoaSocket(URL);
    latest().open();
    t.close();
    expect(latest().closedByClient).toBe(true);
    expect(t.isOpen).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it("stops for good when the server says the session is over (signed out, suspended)", () => {
    for (const code of [4001, 4003]) {
      FakeWebSocket.instances = [];
      const s = new StoaSocket(URL);
      latest().open();
      latest().drop(code);
      vi.advanceTimersByTime(60_000);
      expect(FakeWebSocket.instances).toHaveLength(1);
      expect(s.status).toBe("closed");
    }
  });

  it("comes back at the first delay when the server restarts (1012), however long it was away", () => {
    new StoaSocket(URL);
    expect([reconnectDelay(), reconnectDelay(), reconnectDelay()]).toEqual([500, 1000, 2000]);
    const before = FakeWebSocket.instances.length;
    latest().drop(1012);
    vi.advanceTimersByTime(500);
    expect(FakeWebSocket.instances).toHaveLength(before + 1);
  });

  it("sends JSON only while open", () => {
    const s = new StoaSocket(URL);
    expect(s.send({ type: "raise_hand" })).toBe(false);
    latest().open();
    expect(s.send({ type: "join_room", room_id: "r1" })).toBe(true);
    expect(latest().sent.map((x) => JSON.parse(x) as unknown)).toEqual([{ type: "join_room", room_id: "r1" }]);
    latest().drop();
    expect(s.send({ type: "raise_hand" })).toBe(false);
  });

  it("delivers parsed server messages and skips garbage and binary frames", () => {
    const s = new StoaSocket(URL);
    const got: ServerMessage[] = [];
    const unsubscribe = s.subscribe({ onMessage: (m) => got.push(m) });
    latest().open();
    latest().receive("{not json");
    latest().receive(new ArrayBuffer(4));
    latest().receive(JSON.stringify({ type: "replaced" }));
    expect(got).toEqual([{ type: "replaced" }]);
    unsubscribe();
    latest().receive(JSON.stringify({ type: "replaced" }));
    expect(got).toHaveLength(1);
  });
});
