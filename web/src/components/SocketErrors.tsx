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
          if (msg.type === "error") toast(msg.message);
        },
      }),
    [socket, toast],
  );
  return null;
}
