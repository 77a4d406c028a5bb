// Signs the member out as soon as the server says the account was suspended (socket error
// `suspended`, or `left_room` with reason `suspended`); the sign-in page then says why.
import { useEffect } from "react";
import { useAuth } from "../state/auth";
import { useSocket } from "../state/socket";
import { isSuspension, setSuspendedNotice } from "../state/suspension";

/** Renders nothing; subscribes to the socket. */
export function SuspensionWatch() {
  const socket = useSocket();
  const { signOut } = useAuth();
  useEffect(
    () =>
      socket?.subscribe({
        onMessage: (msg) => {
          if (!isSuspension(msg)) return;
          setSuspendedNotice(true);
          // The server already revoked the session; this clears the client side.
          signOut().catch(() => undefined);
        },
      }),
    [socket, signOut],
  );
  return null;
}
