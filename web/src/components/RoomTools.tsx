// The room's tool row under the title: the kind badge, "Share" (the room's public link),
// "Ping someone" (stage, or anyone in an open room) and, for moderators of social and closed
// rooms, "Open to everyone" (PATCH /api/rooms/{id}).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { liveApi } from "../api/liveEndpoints";
import type { Participant } from "../gen/Participant";
import type { RoomKind } from "../gen/RoomKind";
import { canOpenUp, canPing, kindBadge, kindInRoom, roomShareUrl } from "../room/kind";
import { useToast } from "../state/toasts";
import { CopyField } from "./CopyField";
import { PingDialog } from "./PingDialog";

interface Props {
  roomId: string;
  kind: RoomKind;
  self: Participant | undefined;
  isModerator: boolean;
  participants: Participant[];
}

/** Share / ping / open-up controls of a room. */
export function RoomTools({ roomId, kind, self, isModerator, participants }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [sharing, setSharing] = useState(false);
  const [pinging, setPinging] = useState(false);
  const [opening, setOpening] = useState(false);
  const badge = kindBadge(kind);
  const openUp = async () => {
    setOpening(true);
    try {
      await liveApi.setRoomKind(roomId, "open");
      toast(t("tools.openedUp"), "info");
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    } finally {
      setOpening(false);
    }
  };
  return (
    <div className="room-tools">
      <span className={`pill kind-${kind}`} data-testid="room-kind" data-kind={kind} title={kindInRoom(kind)}>
        {badge ?? t("kind.open")}
      </span>
      <span className="muted-text small grow">{kindInRoom(kind)}</span>
      {canOpenUp(kind, isModerator) && (
        <button type="button" className="btn btn-small" data-testid="room-open-up" disabled={opening} onClick={() => void openUp()}>
          {t("tools.openUp")}
        </button>
      )}
      {self && canPing(kind, self.role) && (
        <button type="button" className="btn btn-small" data-testid="ping-open" onClick={() => setPinging(true)}>
          {t("tools.ping")}
        </button>
      )}
      <button type="button" className="btn btn-small" data-testid="room-share" aria-expanded={sharing} onClick={() => setSharing(!sharing)}>
        {t("tools.share")}
      </button>
      {sharing && (
        <div className="share-box">
          <CopyField value={roomShareUrl(location.origin, roomId)} testId="room-share-url" label={t("tools.shareLink")} />
        </div>
      )}
      {pinging && self && (
        <PingDialog
          roomId={roomId}
          me={self.user.id}
          inRoom={new Set(participants.map((p) => p.user.id))}
          onClose={() => setPinging(false)}
        />
      )}
    </div>
  );
}
