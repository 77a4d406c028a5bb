// One report in the admin queue: reporter, target (linked), room, reason, details, time and,
// while open, the dismiss / warn / suspend actions with a note (suspending asks first).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { modApi } from "../api/moderation";
import { profilePath } from "../format/profile";
import { actionLabel, confirmText, reasonLabel, statusLabel } from "../format/reports";
import type { Report } from "../gen/Report";
import type { ReportAction } from "../gen/ReportAction";
import { agoText } from "../room/modlog";
import { Link } from "../router";

interface Props {
  report: Report;
  now: number;
  /** Called with the resolved report. */
  onResolved(r: Report): void;
}

const ACTIONS: readonly ReportAction[] = ["dismiss", "warn", "suspend"];

/** A report card. */
export function ReportCard({ report: r, now, onResolved }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolve = async (action: ReportAction) => {
    const question = confirmText(action, r);
    if (question && !window.confirm(question)) return;
    setBusy(true);
    setError(null);
    try {
      onResolved(await modApi.resolve(r.id, { action, note: note.trim() }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card report-card" data-testid="report-card" data-report-id={r.id} data-status={r.status}>
      <div className="row wrap">
        <strong className="grow">
          {r.target_user ? (
            <Link href={profilePath(r.target_user.username)} data-testid="report-target">
              {r.target_user.display_name} (@{r.target_user.username})
            </Link>
          ) : (
            t("reports.unknownMember")
          )}
        </strong>
        <span className="pill subtle">{reasonLabel(r.reason)}</span>
        <span className="pill subtle" data-testid="report-status">
          {statusLabel(r.status)}
        </span>
      </div>
      {r.room && (
        <p className="small">
          {t("reports.room")}
          <Link href={`/rooms/${encodeURIComponent(r.room.id)}`} data-testid="report-room-link">
            {r.room.title}
          </Link>
        </p>
      )}
      {r.details && <p className="report-details">{r.details}</p>}
      <p className="muted-text small">
        {t("reports.reportedBy")}
        <Link href={profilePath(r.reporter.username)}>@{r.reporter.username}</Link> · {agoText(r.created_at, now)}
      </p>
      {r.status === "open" ? (
        <div className="report-actions">
          <label className="field">
            <span className="field-label">{t("reports.note")}</span>
            <textarea rows={2} maxLength={1000} data-testid="report-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="row">
            {ACTIONS.map((a) => (
              <button
                key={a}
                type="button"
                className={a === "suspend" ? "btn btn-small danger" : "btn btn-small"}
                data-testid={`report-${a}`}
                disabled={busy}
                onClick={() => void resolve(a)}
              >
                {actionLabel(a)}
              </button>
            ))}
          </div>
          {error && (
            <p className="error-text small" role="alert">
              {error}
            </p>
          )}
        </div>
      ) : (
        <p className="muted-text small" data-testid="report-resolution">
          {statusLabel(r.status)}
          {r.resolved_by ? t("reports.by", { username: r.resolved_by.username }) : ""}
          {r.resolved_at ? ` · ${agoText(r.resolved_at, now)}` : ""}
          {r.note ? ` — ${r.note}` : ""}
        </p>
      )}
    </li>
  );
}
