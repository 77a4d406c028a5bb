// Shares one StoaSocket per signed-in session with the components that need it.
import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { StoaSocket, type SocketStatus } from "../ws/socket";
import { attachLive } from "./live";

const SocketContext = createContext<StoaSocket | null>(null);

/** Opens the signaling socket while `enabled` (signed in) and closes it otherwise. */
export function SocketProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [socket, setSocket] = useState<StoaSocket | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const s = new StoaSocket();
    // Unread count and friends online are kept from the first message on (see live.ts).
    attachLive(s);
    setSocket(s);
    return () => {
      s.close();
      setSocket(null);
    };
  }, [enabled]);
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

/** The socket, or null when signed out. */
export function useSocket(): StoaSocket | null {
  return useContext(SocketContext);
}

const noop = () => () => undefined;

/** The socket's connection status, re-rendering on change. */
export function useSocketStatus(): SocketStatus {
  const socket = useSocket();
  return useSyncExternalStore(
    socket ? (fn) => socket.onStatus(fn) : noop,
    () => socket?.status ?? "closed",
  );
}
