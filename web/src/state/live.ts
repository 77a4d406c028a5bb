// Live per-session state pushed over the socket outside any room: the unread notification
// count (`unread_count`, `notification`, `notifications_removed`) and the followed members
// online (`friends_online`).
// One LiveStore is attached to each StoaSocket as soon as it is created, so the messages the
// server sends right after connecting are never missed by pages mounted later.
import { useSyncExternalStore } from "react";
import type { FriendOnline } from "../gen/FriendOnline";
import type { ServerMessage } from "../gen/ServerMessage";
import type { StoaSocket } from "../ws/socket";
import { useSocket } from "./socket";

/** What the store holds; `null` means "not known yet". */
export interface LiveState {
  unread: number | null;
  friends: FriendOnline[] | null;
}

/** Before any message. */
export const initialLive: LiveState = { unread: null, friends: null };

/** Folds one server message into the live state (same object back when nothing changed). */
export function reduceLive(state: LiveState, msg: ServerMessage): LiveState {
  switch (msg.type) {
    case "unread_count":
    case "notification":
    case "notifications_removed":
      return state.unread === msg.unread ? state : { ...state, unread: msg.unread };
    case "friends_online":
      return { ...state, friends: msg.friends.friends };
    default:
      return state;
  }
}

/** The live state of one socket, observable by React. */
export class LiveStore {
  private state: LiveState = initialLive;
  private listeners = new Set<() => void>();

  /** Current snapshot (stable between changes). */
  get snapshot(): LiveState {
    return this.state;
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Applies a server message. */
  apply(msg: ServerMessage): void {
    this.set(reduceLive(this.state, msg));
  }

  /** Sets the unread count learnt from a REST answer. */
  setUnread(unread: number): void {
    if (this.state.unread !== unread) this.set({ ...this.state, unread });
  }

  /** Sets the friends list learnt from a REST answer, unless the socket already told us. */
  seedFriends(friends: FriendOnline[]): void {
    if (this.state.friends === null) this.set({ ...this.state, friends });
  }

  private set(next: LiveState): void {
    if (next === this.state) return;
    this.state = next;
    this.listeners.forEach((fn) => fn());
  }
}

const stores = new WeakMap<StoaSocket, LiveStore>();

/** Creates (once) the live store of `socket` and feeds it every message. */
export function attachLive(socket: StoaSocket): LiveStore {
  let store = stores.get(socket);
  if (!store) {
    const s = new LiveStore();
    socket.subscribe({ onMessage: (msg) => s.apply(msg) });
    stores.set(socket, s);
    store = s;
  }
  return store;
}

const noop = () => () => undefined;

/** The live store of the current socket (null when signed out). */
export function useLiveStore(): LiveStore | null {
  const socket = useSocket();
  return socket ? attachLive(socket) : null;
}

/** The live state, re-rendering on change. */
export function useLive(): LiveState {
  const store = useLiveStore();
  return useSyncExternalStore(store ? store.subscribe : noop, () => store?.snapshot ?? initialLive);
}
