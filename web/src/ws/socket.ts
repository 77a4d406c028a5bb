// The signaling WebSocket (`/api/ws`): one per signed-in tab, reconnecting with backoff
// (0.5 s doubling to 5 s). Listeners get every server message plus open/close notifications.
import type { ClientMessage } from "../gen/ClientMessage";
import type { ServerMessage } from "../gen/ServerMessage";
import { Backoff } from "./backoff";

/** Connection status shown in the UI. */
export type SocketStatus = "connecting" | "open" | "closed";

/** What a subscriber of the socket hears about. */
export interface SocketListener {
  /** A server message arrived. */
  onMessage?(msg: ServerMessage): void;
  /** The socket (re)connected; resend any state the server should know (e.g. join_room). */
  onOpen?(): void;
  /** The socket dropped (a reconnect is scheduled unless it was closed on purpose). */
  onClose?(): void;
}

/** Close codes after which reconnecting cannot help: signed out (4001), suspended (4003). */
const FINAL_CLOSES = new Set([4001, 4003]);
/** The server is restarting (1012): come back at once, it will be there in a moment. */
const RESTARTING = 1012;

function wsUrl(): string {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  return `${proto}//${location.host}/api/ws`;
}

/** A self-healing WebSocket to the Stoa server. */
export class StoaSocket {
  private ws: WebSocket | null = null;
  private listeners = new Set<SocketListener>();
  private readonly backoff = new Backoff();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private statusValue: SocketStatus = "connecting";
  private statusListeners = new Set<() => void>();

  constructor(private readonly url: string = wsUrl()) {
    this.connect();
  }

  /** Current connection status. */
  get status(): SocketStatus {
    return this.statusValue;
  }

  /** Subscribes to status changes; returns an unsubscribe function. */
  onStatus(fn: () => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: SocketListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a message if connected; returns false when it could not be sent. */
  send(msg: ClientMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** Whether the socket is open right now. */
  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Closes for good (sign-out); no reconnect. */
  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close();
    this.ws = null;
    this.setStatus("closed");
  }

  private setStatus(s: SocketStatus): void {
    if (this.statusValue === s) return;
    this.statusValue = s;
    this.statusListeners.forEach((fn) => fn());
  }

  private connect(): void {
    if (this.stopped) return;
    this.setStatus("connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.backoff.reset();
      this.setStatus("open");
      this.listeners.forEach((l) => l.onOpen?.());
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== "string") return;
      let msg: ServerMessage;
      try {
        msg = JSON.parse(ev.data) as ServerMessage;
      } catch {
        return;
      }
      this.listeners.forEach((l) => l.onMessage?.(msg));
    };
    ws.onclose = (ev?: { code?: number }) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.listeners.forEach((l) => l.onClose?.());
      if (FINAL_CLOSES.has(ev?.code ?? 0)) this.stopped = true;
      if (this.stopped) {
        this.setStatus("closed");
        return;
      }
      this.setStatus("connecting");
      if (ev?.code === RESTARTING) this.backoff.reset();
      this.timer = setTimeout(() => this.connect(), this.backoff.next());
    };
  }
}
