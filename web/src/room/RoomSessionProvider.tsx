// The room session belongs to the app, not to a page: this provider (above the router) keeps the
// signaling join and the media connection alive while the member browses; the room page and the
// mini-player render from it. Leaving is explicit (`leave`, or opening another room).
import { createContext, useContext, type ReactNode } from "react";
import { useAuth } from "../state/auth";
import { useRoom, type RoomHandle } from "./useRoom";

const RoomSessionContext = createContext<RoomHandle | null>(null);

/** Holds the signed-in member's room session. */
export function RoomSessionProvider({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const handle = useRoom(me ? me.id : null);
  return <RoomSessionContext.Provider value={handle}>{children}</RoomSessionContext.Provider>;
}

/** The room session (inside `RoomSessionProvider`). */
export function useRoomSession(): RoomHandle {
  const handle = useContext(RoomSessionContext);
  if (!handle) throw new Error("useRoomSession outside RoomSessionProvider");
  return handle;
}
