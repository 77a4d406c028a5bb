// "Waiting for you" (/waiting): people on the waitlist who named you; wave them in.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { Avatar } from "../components/Avatar";
import { useToast } from "../state/toasts";
import { entrySeed } from "../format/waitlist";
import { shortDate } from "../i18n/format";
import { useWaiting, waitingChanged } from "../state/useWaiting";

/** The waiting-for-you page. */
export function WaitingPage() {
  const { t } = useTranslation();
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
      <h1 className="section-title">{t("waiting.title")}</h1>
      <p className="muted-text">{t("waiting.about")}</p>
      {error && <p className="error-text">{error}</p>}
      {entries === null && !error && <p className="muted-text">{t("common.loading")}</p>}
      {entries?.length === 0 && (
        <p className="muted-text" data-testid="waiting-empty">
          {t("waiting.none")}
        </p>
      )}
      <ul className="user-list">
        {entries?.map((e) => (
          <li key={e.id} className="user-row" data-testid="waiting-row" data-username={e.username}>
            <Avatar user={{ id: entrySeed(e.id), username: e.username, display_name: e.display_name }} size={40} />
            <span className="grow">
              <span className="user-row-name">{e.display_name}</span>
              <span className="muted-text small"> @{e.username}</span>
              <span className="muted-text small block">{t("waiting.asked", { date: shortDate(e.requested_at) })}</span>
            </span>
            {e.waved_in ? (
              <span className="pill subtle" data-testid="waved-in">
                {t("waiting.wavedIn")}
              </span>
            ) : (
              <button type="button" className="btn btn-primary btn-small" data-testid={`wave-${e.username}`} disabled={busy === e.id} onClick={() => void wave(e.id)}>
                {t("waiting.waveIn")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
