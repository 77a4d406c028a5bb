// "Start a room": a title, who may join (open / social / closed, with the names to admit into
// a closed room), then POST /api/rooms and go there.
import { useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import type { RoomKind } from "../gen/RoomKind";
import { MAX_NAMED, ROOM_KINDS, kindHelp, kindLabel, parseNames } from "../room/kind";
import { navigate } from "../router";
import { useToast } from "../state/toasts";
import { ClubRoomOptions, clubRoomFields, type ClubChoice } from "./ClubRoomOptions";

/** The start-a-room form. */
export function StartRoomForm() {
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
    const t = title.trim();
    if (!t || tooMany) return;
    setBusy(true);
    try {
      const room = await api.createRoom({ title: t, kind, ...(kind === "closed" ? { invited } : {}), ...clubRoomFields(club) });
      navigate(`/rooms/${encodeURIComponent(room.id)}`);
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <form className="card start-room" onSubmit={submit}>
      <h2>Start a room</h2>
      <div className="row">
        <input
          className="grow"
          data-testid="new-room-title"
          placeholder="What do you want to talk about?"
          maxLength={100}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button className="btn btn-primary" data-testid="new-room-submit" disabled={busy || !title.trim() || tooMany}>
          Let's go
        </button>
      </div>
      <div className="kind-choice" role="radiogroup" aria-label="Who can join">
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
            Who may join
          </label>
          <input
            id="new-room-invited"
            data-testid="new-room-invited"
            placeholder="@usernames, separated by commas (optional)"
            value={names}
            onChange={(e) => setNames(e.target.value)}
          />
          <span className={tooMany ? "field-hint error-text" : "field-hint"}>
            {tooMany
              ? `At most ${MAX_NAMED} names.`
              : "You can also ping people in once the room is live."}
          </span>
        </div>
      )}
    </form>
  );
}
