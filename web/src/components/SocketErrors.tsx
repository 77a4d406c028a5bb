// Shows every `error` message from the signaling socket as a toast.
import { useEffect } from "react";
import { useSocket } from "../state/socket";
import { useToast } from "../state/toasts";

/** Renders nothing; subscribes to socket errors. */
export function SocketErrors() {
  const socket = useSocket();
  const toast = useToast();
  useEffect(
    () =>
      socket?.subscribe({
        onMessage: (msg) => {
          // A refused join by room kind is explained by the room page itself.
          if (msg.type === "error" && msg.code !== "room_closed" && msg.code !== "room_followers_only") toast(msg.message);
        },
      }),
    [socket, toast],
  );
  return null;
}
