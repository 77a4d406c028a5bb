// The room page (/rooms/:id): stage, raised hands (moderators), audience (followed by the
// speakers first), controls; share / ping / open-up tools and a warning about blocked members;
// the pinned link, reactions, the moderation log (moderators) and reports.
import { useState } from "react";
import type { Participant } from "../gen/Participant";
import type { Profile } from "../gen/Profile";
import { HandsList } from "../components/HandsList";
import { ModLogPanel } from "../components/ModLogPanel";
import { PinnedLinkBar } from "../components/PinnedLinkBar";
import { ReactionBar } from "../components/ReactionBar";
import { ReportDialog } from "../components/ReportDialog";
import type { ReportTarget } from "../forms/report";
import { ParticipantMenu } from "../components/ParticipantMenu";
import { PeopleGrid } from "../components/PeopleGrid";
import { RoomControls } from "../components/RoomControls";
import { RoomTools } from "../components/RoomTools";
import { SpeakInviteBanner } from "../components/SpeakInviteBanner";
import { Link, navigate } from "../router";
import { blockedPresent, blockedWarning } from "../room/blocks";
import { menuTarget, roomLayout } from "../room/layout";
import { canPin, canReact, canSeeModLog } from "../room/permissions";
import { useBlocked } from "../room/useBlocked";
import { useRoom } from "../room/useRoom";
import { useSocketStatus } from "../state/socket";
import { RoomGone } from "./RoomGone";

/** The live room. */
export function RoomPage({ roomId, me }: { roomId: string; me: Profile }) {
  const { view, self, send, audioBlocked, resumeAudio } = useRoom(roomId, me.id);
  const status = useSocketStatus();
  const [menuFor, setMenuFor] = useState<Participant | null>(null);
  const [reporting, setReporting] = useState<{ target: ReportTarget; name: string } | null>(null);
  const blocked = useBlocked();

  if (view.gone) return <RoomGone reason={view.gone} />;
  if (!view.loaded) {
    return (
      <main className="page center" data-testid="room-loading">
        <p className="muted-text">{status === "open" ? "Joining the room…" : "Connecting…"}</p>
      </main>
    );
  }
  const { stage, audienceFollowed, audienceOthers, isModerator, hands, speakInvite } = roomLayout(view, me.id);
  const blockedHere = blockedPresent(view.participants, blocked);
  // Everyone can open a person's menu (to report them); moderators see their actions in it.
  const current = menuTarget(view, menuFor, true);

  return (
    <main className="page room" data-testid="room-page" data-room-id={roomId}>
      <header className="room-head">
        <Link href="/" className="back" data-testid="back-to-hallway">
          ← Hallway
        </Link>
        <h1 data-testid="room-title">{view.title}</h1>
        {status !== "open" && (
          <span className="pill warn" data-testid="reconnecting">
            Reconnecting…
          </span>
        )}
        <button
          type="button"
          className="btn btn-small subtle"
          data-testid="report-room"
          onClick={() => setReporting({ target: { room_id: roomId }, name: "this room" })}
        >
          Report room
        </button>
      </header>
      <PinnedLinkBar link={view.pinnedLink} canPin={canPin(self)} send={send} />
      <RoomTools roomId={roomId} kind={view.kind} self={self} isModerator={isModerator} participants={view.participants} />
      {blockedHere.length > 0 && (
        <div className="banner warn" data-testid="blocked-banner" role="alert">
          {blockedWarning(blockedHere)}
        </div>
      )}
      {audioBlocked && (
        <div className="banner" data-testid="audio-blocked">
          <span className="grow">Your browser paused the room's audio.</span>
          <button type="button" className="btn btn-primary" onClick={resumeAudio}>
            Turn sound on
          </button>
        </div>
      )}
      {speakInvite && <SpeakInviteBanner by={speakInvite.by} send={send} />}
      <div className="room-body">
        <PeopleGrid
          title="On stage"
          testId="stage-grid"
          people={stage}
          speaking={view.speaking}
          me={me.id}
          onOpenMenu={setMenuFor}
          reactions={view.reactions}
          size={72}
        />
        {isModerator && <HandsList hands={hands} send={send} />}
        {audienceFollowed.length > 0 && (
          <PeopleGrid
            title="Followed by the speakers"
            testId="audience-followed-grid"
            people={audienceFollowed}
            speaking={view.speaking}
            me={me.id}
            onOpenMenu={setMenuFor}
            reactions={view.reactions}
            size={52}
          />
        )}
        <PeopleGrid
          title={audienceFollowed.length > 0 ? "Others in the room" : "Listening"}
          testId="audience-grid"
          people={audienceOthers}
          speaking={view.speaking}
          me={me.id}
          onOpenMenu={setMenuFor}
          reactions={view.reactions}
          size={52}
        />
      </div>
      {canReact(self) && <ReactionBar send={send} />}
      {canSeeModLog(self) && <ModLogPanel roomId={roomId} live={view.modLog} />}
      {self && (
        <RoomControls
          self={self}
          send={send}
          onLeave={() => navigate("/")}
        />
      )}
      {current && (
        <ParticipantMenu
          participant={current}
          isModerator={isModerator}
          send={send}
          onReport={() => {
            setMenuFor(null);
            setReporting({ target: { username: current.user.username }, name: current.user.display_name });
          }}
          onClose={() => setMenuFor(null)}
        />
      )}
      {reporting && <ReportDialog target={reporting.target} name={reporting.name} onClose={() => setReporting(null)} />}
    </main>
  );
}
