// Shows every `error` message from the signaling socket as a toast.
import { useEffect } from "react";
import { apiErrorText } from "../api/http";
import type { ServerMessage } from "../gen/ServerMessage";
import { reactedRecently } from "../room/reactions";
import { useSocket } from "../state/socket";
import { useToast } from "../state/toasts";

/** Errors explained elsewhere: refused joins (the room page), reacting too fast (the reaction bar);
 * or handled quietly: a busy server's refused offer is made again by itself (`JoinFlow`). */
function explainedElsewhere(msg: ServerMessage & { type: "error" }): boolean {
  if (msg.code === "room_closed" || msg.code === "room_followers_only" || msg.code === "club_members_only") return true;
  if (msg.code === "server_busy") return true;
  return msg.code === "rate_limited" && reactedRecently(Date.now());
}

/** Renders nothing; subscribes to socket errors. */
export function SocketErrors() {
  const socket = useSocket();
  const toast = useToast();
  useEffect(
    () =>
      socket?.subscribe({
        onMessage: (msg) => {
          // A refused join by room kind is explained by the room page itself.
          if (msg.type === "error" && !explainedElsewhere(msg)) toast(apiErrorText(msg.code, msg.message));
        },
      }),
    [socket, toast],
  );
  return null;
}
