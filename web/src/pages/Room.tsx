// The room page (/rooms/:id): stage, raised hands (moderators), audience, controls.
import { useState } from "react";
import type { Participant } from "../gen/Participant";
import type { Profile } from "../gen/Profile";
import { HandsList } from "../components/HandsList";
import { ParticipantMenu } from "../components/ParticipantMenu";
import { PeopleGrid } from "../components/PeopleGrid";
import { RoomControls } from "../components/RoomControls";
import { SpeakInviteBanner } from "../components/SpeakInviteBanner";
import { Link, navigate } from "../router";
import { menuTarget, roomLayout } from "../room/layout";
import { useRoom } from "../room/useRoom";
import { useSocketStatus } from "../state/socket";
import { RoomGone } from "./RoomGone";

/** The live room. */
export function RoomPage({ roomId, me }: { roomId: string; me: Profile }) {
  const { view, self, send, audioBlocked, resumeAudio } = useRoom(roomId, me.id);
  const status = useSocketStatus();
  const [menuFor, setMenuFor] = useState<Participant | null>(null);

  if (view.gone) return <RoomGone reason={view.gone} />;
  if (!view.loaded) {
    return (
      <main className="page center" data-testid="room-loading">
        <p className="muted-text">{status === "open" ? "Joining the room…" : "Connecting…"}</p>
      </main>
    );
  }
  const { stage, audience, isModerator, hands, speakInvite } = roomLayout(view, me.id);
  const current = menuTarget(view, menuFor, isModerator);

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
      </header>
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
          canModerate={isModerator}
          onOpenMenu={setMenuFor}
          size={72}
        />
        {isModerator && <HandsList hands={hands} send={send} />}
        <PeopleGrid
          title="Listening"
          testId="audience-grid"
          people={audience}
          speaking={view.speaking}
          me={me.id}
          canModerate={isModerator}
          onOpenMenu={setMenuFor}
          size={52}
        />
      </div>
      {self && (
        <RoomControls
          self={self}
          send={send}
          onLeave={() => navigate("/")}
        />
      )}
      {current && <ParticipantMenu participant={current} send={send} onClose={() => setMenuFor(null)} />}
    </main>
  );
}
