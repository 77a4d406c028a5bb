// "Start a room": a title, who may join (open / social / closed, with the names to admit into
// a closed room), then POST /api/rooms and go there.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/endpoints";
import type { RoomKind } from "../gen/RoomKind";
import { MAX_NAMED, ROOM_KINDS, kindHelp, kindLabel, parseNames } from "../room/kind";
import { navigate } from "../router";
import { useToast } from "../state/toasts";
import { ClubRoomOptions, clubRoomFields, type ClubChoice } from "./ClubRoomOptions";

/** The start-a-room form. */
export function StartRoomForm() {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<RoomKind>("open");
  const [names, setNames] = useState("");
  const [busy, setBusy] = useState(false);
  const [club, setClub] = useState<ClubChoice>({ clubId: null, membersOnly: false });
  const toast = useToast();
  const invited = kind === "closed" ? parseNames(names) : [];
  const tooMany = invited.length > MAX_NAMED;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = title.trim();
    if (!text || tooMany) return;
    setBusy(true);
    try {
      const room = await api.createRoom({ title: text, kind, ...(kind === "closed" ? { invited } : {}), ...clubRoomFields(club) });
      navigate(`/rooms/${encodeURIComponent(room.id)}`);
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <form className="card start-room" onSubmit={submit}>
      <h2>{t("start.title")}</h2>
      <div className="row">
        <input
          className="grow"
          data-testid="new-room-title"
          placeholder={t("start.placeholder")}
          maxLength={100}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button className="btn btn-primary" data-testid="new-room-submit" disabled={busy || !title.trim() || tooMany}>
          {t("start.go")}
        </button>
      </div>
      <div className="kind-choice" role="radiogroup" aria-label={t("kind.whoCanJoin")}>
        {ROOM_KINDS.map((k) => (
          <label key={k} className={k === kind ? "kind-option selected" : "kind-option"} data-testid={`new-room-kind-${k}`}>
            <input type="radio" name="room-kind" value={k} checked={k === kind} onChange={() => setKind(k)} />
            <span className="kind-name">{kindLabel(k)}</span>
            <span className="kind-help">{kindHelp(k)}</span>
          </label>
        ))}
      </div>
      <ClubRoomOptions value={club} onChange={setClub} />
      {kind === "closed" && (
        <div className="field">
          <label className="field-label" htmlFor="new-room-invited">
            {t("start.whoMayJoin")}
          </label>
          <input
            id="new-room-invited"
            data-testid="new-room-invited"
            placeholder={t("start.namesPlaceholder")}
            value={names}
            onChange={(e) => setNames(e.target.value)}
          />
          <span className={tooMany ? "field-hint error-text" : "field-hint"}>
            {tooMany ? t("start.tooMany", { max: MAX_NAMED }) : t("start.pingLater")}
          </span>
        </div>
      )}
    </form>
  );
}
