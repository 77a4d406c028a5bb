// The room I am in, as the room page shows it: stage, raised hands (moderators), audience
// (followed by the speakers first), controls; share / ping / open-up tools and a warning about
// blocked members; the pinned link, reactions, the moderation log (moderators) and reports.
// A tile opens that person's profile card in place; links keep me in the room.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Participant } from "../gen/Participant";
import type { Profile } from "../gen/Profile";
import { HandsList } from "../components/HandsList";
import { ModLogPanel } from "../components/ModLogPanel";
import { ParticipantCard } from "../components/ParticipantCard";
import { PeopleGrid } from "../components/PeopleGrid";
import { PinnedLinkBar } from "../components/PinnedLinkBar";
import { ReactionBar } from "../components/ReactionBar";
import { ReportDialog } from "../components/ReportDialog";
import { RoomControls } from "../components/RoomControls";
import { RoomNotices } from "../components/RoomNotices";
import { RoomTools } from "../components/RoomTools";
import { SpeakInviteBanner } from "../components/SpeakInviteBanner";
import type { ReportTarget } from "../forms/report";
import { Link, navigate } from "../router";
import { blockedPresent, blockedWarning } from "../room/blocks";
import { menuTarget, roomLayout } from "../room/layout";
import { canPin, canReact, canSeeModLog } from "../room/permissions";
import { useBlocked } from "../room/useBlocked";
import type { RoomHandle } from "../room/useRoom";
import type { SocketStatus } from "../ws/socket";

interface Props {
  roomId: string;
  me: Profile;
  room: RoomHandle;
  status: SocketStatus;
}

/** The live room. */
export function LiveRoom({ roomId, me, room, status }: Props) {
  const { t } = useTranslation();
  const { session, self, send, audioBlocked, resumeAudio, leave } = room;
  const { view } = session;
  const [cardFor, setCardFor] = useState<Participant | null>(null);
  const [reporting, setReporting] = useState<{ target: ReportTarget; name: string } | null>(null);
  const blocked = useBlocked();

  const { stage, audienceFollowed, audienceOthers, isModerator, hands, speakInvite } = roomLayout(view, me.id);
  const blockedHere = blockedPresent(view.participants, blocked);
  const current = menuTarget(view, cardFor, true);
  const grid = (title: string, testId: string, people: Participant[], size: number, onColumns?: (n: number) => void) => (
    <PeopleGrid
      title={title}
      testId={testId}
      people={people}
      speaking={view.speaking}
      me={me.id}
      onOpenMenu={setCardFor}
      reactions={view.reactions}
      size={size}
      onColumns={onColumns}
    />
  );

  return (
    <main className="page room" data-testid="room-page" data-room-id={roomId}>
      <header className="room-head">
        <Link href="/" className="back" data-testid="back-to-hallway">
          {t("room.backToHallway")}
        </Link>
        <h1 data-testid="room-title" tabIndex={-1}>
          {view.title}
        </h1>
        {status !== "open" && (
          <span className="pill warn" data-testid="reconnecting">
            {t("room.reconnecting")}
          </span>
        )}
        <button
          type="button"
          className="btn btn-small subtle"
          data-testid="report-room"
          onClick={() => setReporting({ target: { room_id: roomId }, name: t("room.thisRoom") })}
        >
          {t("room.reportRoom")}
        </button>
      </header>
      {/* Right after the heading: my controls are the first stops on Tab (the bar sits at the bottom). */}
      {self && (
        <RoomControls
          self={self}
          send={send}
          onLeave={() => {
            leave();
            navigate("/");
          }}
        />
      )}
      <PinnedLinkBar link={view.pinnedLink} canPin={canPin(self)} send={send} />
      <RoomTools roomId={roomId} kind={view.kind} self={self} isModerator={isModerator} participants={view.participants} />
      <RoomNotices roomId={roomId} me={me.id} participants={view.participants} />
      {blockedHere.length > 0 && (
        <div className="banner warn" data-testid="blocked-banner" role="alert">
          {blockedWarning(blockedHere)}
        </div>
      )}
      {audioBlocked && (
        <div className="banner" data-testid="audio-blocked">
          <span className="grow">{t("room.audioPaused")}</span>
          <button type="button" className="btn btn-primary" onClick={resumeAudio}>
            {t("room.turnSoundOn")}
          </button>
        </div>
      )}
      {speakInvite && <SpeakInviteBanner by={speakInvite.by} send={send} />}
      <div className="room-body">
        {grid(t("room.onStage"), "stage-grid", stage, 72, room.setStageColumns)}
        {isModerator && <HandsList hands={hands} send={send} />}
        {audienceFollowed.length > 0 && grid(t("room.followedBySpeakers"), "audience-followed-grid", audienceFollowed, 52)}
        {grid(audienceFollowed.length > 0 ? t("room.othersInRoom") : t("room.listening"), "audience-grid", audienceOthers, 52)}
      </div>
      {canReact(self) && <ReactionBar send={send} />}
      {canSeeModLog(self) && <ModLogPanel roomId={roomId} live={view.modLog} />}
      {current && (
        <ParticipantCard
          participant={current}
          me={me.id}
          isModerator={isModerator}
          send={send}
          onReport={() => {
            setCardFor(null);
            setReporting({ target: { username: current.user.username }, name: current.user.display_name });
          }}
          onClose={() => setCardFor(null)}
        />
      )}
      {reporting && <ReportDialog target={reporting.target} name={reporting.name} onClose={() => setReporting(null)} />}
    </main>
  );
}
