// Says what is happening in the room: "Ada is reconnecting…" while the host's connection is down
// (the room waits for them), and a toast when the room was handed over ("You're now a
// moderator" to the new moderator, "Bo is now the moderator" to everyone else).
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { handOverText, reconnectingText } from "../format/roomNotices";
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";
import { useSocket } from "../state/socket";
import { useToast } from "../state/toasts";

interface Props {
  roomId: string;
  me: UserId;
  participants: Participant[];
}

/** The notices (renders the banner only while a moderator is reconnecting). */
export function RoomNotices({ roomId, me, participants }: Props) {
  // Re-renders on a language change (the banner's text is translated).
  useTranslation();
  const socket = useSocket();
  const toast = useToast();
  useEffect(
    () =>
      socket?.subscribe({
        onMessage: (msg) => {
          if (msg.type === "host_handed_over" && msg.room_id === roomId) toast(handOverText(msg.to, me), "info");
        },
      }),
    [socket, toast, roomId, me],
  );
  const text = reconnectingText(participants, me);
  if (!text) return null;
  return (
    <div className="banner warn" data-testid="host-reconnecting" role="status">
      {text}
    </div>
  );
}
