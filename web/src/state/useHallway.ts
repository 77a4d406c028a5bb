// The live hallway: GET /api/rooms once, then every `hallway` message from the socket.
import { useEffect, useState } from "react";
import { api } from "../api/endpoints";
import { liveRooms } from "../format/hallway";
import type { RoomSummary } from "../gen/RoomSummary";
import { useSocket } from "./socket";
import { errorText, startLoad } from "./useLoad";

/** Live rooms (`null` until the first answer) and the last load error. */
export function useHallway(): { rooms: RoomSummary[] | null; error: string | null } {
  const socket = useSocket();
  const [rooms, setRooms] = useState<RoomSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let pushed = false;
    const stopLoad = startLoad(() => api.hallway(), {
      onData: (h) => !pushed && setRooms(h.rooms),
      onError: (e) => setError(errorText(e)),
    });
    const unsubscribe = socket?.subscribe({
      onMessage: (msg) => {
        if (msg.type !== "hallway") return;
        pushed = true;
        setRooms(msg.hallway.rooms);
        setError(null);
      },
    });
    return () => {
      stopLoad();
      unsubscribe?.();
    };
  }, [socket]);
  return { rooms: liveRooms(rooms), error };
}
