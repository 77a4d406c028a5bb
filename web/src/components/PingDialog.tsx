// "Ping someone": search members (GET /api/users?q=), click one to ping them into the room
// (POST /api/rooms/{id}/pings). Shows what happened: sent, or why it was refused.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { liveApi } from "../api/liveEndpoints";
import type { UserSummary } from "../gen/UserSummary";
import { pingCandidates, pingErrorText, pingSentText } from "../room/ping";
import { errorText, useLoad } from "../state/useLoad";
import { useFocusTrap } from "../a11y/useFocusTrap";
import { Avatar } from "./Avatar";

interface Props {
  roomId: string;
  me: number;
  /** Ids of the people already in the room (not offered). */
  inRoom: ReadonlySet<number>;
  onClose(): void;
}

type Outcome = { ok: boolean; text: string } | null;

const DEBOUNCE_MS = 200;

/** The ping dialog. */
export function PingDialog({ roomId, me, inRoom, onClose }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [found, setFound] = useState<UserSummary[]>([]);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const trap = useFocusTrap<HTMLDivElement>(onClose);

  const term = q.trim().replace(/^@/, "");
  useEffect(() => {
    if (!term) setFound([]);
  }, [term]);
  useLoad(term ? () => liveApi.searchUsers(term) : null, [term], {
    onData: (r) => {
      setFound(r.users);
      setSearchError(null);
    },
    onError: (e) => setSearchError(errorText(e)),
    delayMs: DEBOUNCE_MS,
  });

  const ping = async (who: UserSummary) => {
    setBusy(who.id);
    setOutcome(null);
    try {
      await liveApi.ping(roomId, who.username);
      setOutcome({ ok: true, text: pingSentText(who) });
    } catch (e) {
      setOutcome({ ok: false, text: pingErrorText(e, who) });
    } finally {
      setBusy(null);
    }
  };

  const people = pingCandidates(found, inRoom, me);
  return (
    <div className="overlay" onClick={onClose}>
      <div ref={trap} className="menu ping-dialog" role="dialog" aria-modal="true" aria-label={t("ping.dialog")} data-testid="ping-dialog" onClick={(e) => e.stopPropagation()}>
        <div className="menu-head column">
          <div className="menu-name">{t("ping.title")}</div>
          <div className="muted-text small">{t("ping.hint")}</div>
        </div>
        <input
          data-autofocus
          aria-label={t("ping.searchLabel")}
          data-testid="ping-search"
          placeholder={t("ping.placeholder")}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {searchError && <p className="error-text small">{searchError}</p>}
        {outcome && (
          <p className={outcome.ok ? "ping-ok small" : "error-text small"} role="status" data-testid={outcome.ok ? "ping-sent" : "ping-error"}>
            {outcome.text}
          </p>
        )}
        <div className="ping-results">
          {q.trim() && people.length === 0 && !searchError && <p className="muted-text small">{t("ping.nobody")}</p>}
          {people.map((u) => (
            <button
              key={u.id}
              type="button"
              className="menu-item ping-result"
              data-testid={`ping-result-${u.username}`}
              disabled={busy !== null}
              onClick={() => void ping(u)}
            >
              <Avatar user={u} size={32} />
              <span className="grow">
                {u.display_name} <span className="muted-text">@{u.username}</span>
              </span>
              <span className="ping-cta">{busy === u.id ? "…" : t("ping.cta")}</span>
            </button>
          ))}
        </div>
        <button type="button" className="menu-item subtle" data-testid="ping-close" onClick={onClose}>
          {t("common.done")}
        </button>
      </div>
    </div>
  );
}
