// "Start a room": a title, then POST /api/rooms and go there.
import { useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import { navigate } from "../router";
import { useToast } from "../state/toasts";

/** The start-a-room form. */
export function StartRoomForm() {
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = title.trim();
    if (!t) return;
    setBusy(true);
    try {
      const room = await api.createRoom(t);
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
        <button className="btn btn-primary" data-testid="new-room-submit" disabled={busy || !title.trim()}>
          Let's go
        </button>
      </div>
    </form>
  );
}
