// "Waiting for you" (/waiting): people on the waitlist who named you; wave them in.
import { useState } from "react";
import { peopleApi } from "../api/people";
import { Avatar } from "../components/Avatar";
import { useToast } from "../state/toasts";
import { entrySeed } from "../format/waitlist";
import { useWaiting, waitingChanged } from "../state/useWaiting";

/** The waiting-for-you page. */
export function WaitingPage() {
  const toast = useToast();
  const { entries, error } = useWaiting();
  const [busy, setBusy] = useState<string | null>(null);
  const wave = async (id: string) => {
    setBusy(id);
    try {
      await peopleApi.waveIn(id);
      waitingChanged();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <main className="page" data-testid="waiting-page">
      <h1 className="section-title">Waiting for you</h1>
      <p className="muted-text">
        These people reserved a username and said they know you. Wave them in if you do: they can then finish signing up,
        without using one of your invites, and you will be their nominator.
      </p>
      {error && <p className="error-text">{error}</p>}
      {entries === null && !error && <p className="muted-text">Loading…</p>}
      {entries?.length === 0 && (
        <p className="muted-text" data-testid="waiting-empty">
          Nobody is waiting for you right now.
        </p>
      )}
      <ul className="user-list">
        {entries?.map((e) => (
          <li key={e.id} className="user-row" data-testid="waiting-row" data-username={e.username}>
            <Avatar user={{ id: entrySeed(e.id), username: e.username, display_name: e.display_name }} size={40} />
            <span className="grow">
              <span className="user-row-name">{e.display_name}</span>
              <span className="muted-text small"> @{e.username}</span>
              <span className="muted-text small block">Asked {new Date(e.requested_at).toLocaleDateString()}</span>
            </span>
            {e.waved_in ? (
              <span className="pill subtle" data-testid="waved-in">
                Waved in
              </span>
            ) : (
              <button type="button" className="btn btn-primary btn-small" data-testid={`wave-${e.username}`} disabled={busy === e.id} onClick={() => void wave(e.id)}>
                Wave in
              </button>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
