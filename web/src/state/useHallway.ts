// The live hallway: GET /api/rooms once, then every `hallway` message from the socket.
import { useEffect, useState } from "react";
import { api } from "../api/endpoints";
import { liveRooms } from "../format/hallway";
import type { RoomSummary } from "../gen/RoomSummary";
import { useSocket } from "./socket";

/** Live rooms (`null` until the first answer) and the last load error. */
export function useHallway(): { rooms: RoomSummary[] | null; error: string | null } {
  const socket = useSocket();
  const [rooms, setRooms] = useState<RoomSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let pushed = false;
    api
      .hallway()
      .then((h) => live && !pushed && setRooms(h.rooms))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    const unsubscribe = socket?.subscribe({
      onMessage: (msg) => {
        if (msg.type !== "hallway") return;
        pushed = true;
        setRooms(msg.hallway.rooms);
        setError(null);
      },
    });
    return () => {
      live = false;
      unsubscribe?.();
    };
  }, [socket]);
  return { rooms: liveRooms(rooms), error };
}
