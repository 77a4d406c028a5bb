// Asked on the page of another room while I am on the stage of mine: switching leaves my room
// (a moderator's leaving may hand it over or end it), so it takes an explicit click.
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { api } from "../api/endpoints";
import { Link } from "../router";
import { roomPath } from "../room/paths";
import { useLoad } from "../state/useLoad";

interface Props {
  /** The room of this page. */
  roomId: string;
  /** The room I am in, and its title. */
  currentId: string;
  current: string;
  /** Leave my room and join this page's room. */
  onSwitch(): void;
}

/** "Joining <room> takes you out of <my room>." */
export function RoomSwitch({ roomId, currentId, current, onSwitch }: Props) {
  const { t } = useTranslation();
  // The title is a courtesy: "this room" until (or unless) it loads.
  const [title, setTitle] = useState<string | null>(null);
  useLoad(() => api.room(roomId), [roomId], { onData: (r) => setTitle(r.title) });
  return (
    <main className="page center" data-testid="room-switch">
      <div className="card narrow">
        <h2>{t("switch.title")}</h2>
        <p>
          <Trans
            i18nKey="switch.body"
            values={{ title: title ?? t("room.thisRoom"), current }}
            components={[title ? <strong data-testid="room-switch-title" /> : <span />, <strong />]}
          />
        </p>
        <div className="row wrap">
          <button type="button" className="btn btn-primary" data-testid="room-switch-join" onClick={onSwitch}>
            {t("switch.join")}
          </button>
          <Link href={roomPath(currentId)} className="btn" data-testid="room-switch-back">
            {t("switch.back", { current })}
          </Link>
        </div>
      </div>
    </main>
  );
}
