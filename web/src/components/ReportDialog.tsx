// "Report": a reason (five radios) and optional details (at most 1000 characters), sent to
// POST /api/reports; thanks the reporter once it is filed, or shows why it was not.
import { useState, type FormEvent } from "react";
import { modApi } from "../api/moderation";
import { detailsCount, MAX_DETAILS, REPORT_REASONS, REPORT_THANKS, reportErrorText, reportRequest, validateReport, type ReportTarget } from "../forms/report";
import type { ReportReason } from "../gen/ReportReason";
import { useFocusTrap } from "../a11y/useFocusTrap";
import { FormActions } from "./FormActions";
import { useSubmit } from "./useSubmit";

interface Props {
  target: ReportTarget;
  /** What is reported, in words ("Bob (@bob)", "this room"). */
  name: string;
  onClose(): void;
}

/** The report dialog. */
export function ReportDialog({ target, name, onClose }: Props) {
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [details, setDetails] = useState("");
  const { error, setError, busy, run } = useSubmit(reportErrorText);
  const [done, setDone] = useState(false);
  const trap = useFocusTrap<HTMLDivElement>(onClose);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = validateReport(reason, details);
    if (problem || !reason) return setError(problem);
    await run(async () => {
      await modApi.report(reportRequest(target, reason, details));
      setDone(true);
    });
  };

  return (
    <div className="overlay" onClick={onClose}>
      <div ref={trap} className="menu report-dialog" role="dialog" aria-modal="true" aria-label={`Report ${name}`} data-testid="report-dialog" onClick={(e) => e.stopPropagation()}>
        <div className="menu-head column">
          <div className="menu-name">Report {name}</div>
          <div className="muted-text small">Only the site's admins see reports.</div>
        </div>
        {done ? (
          <>
            <p role="status" data-testid="report-thanks">
              {REPORT_THANKS}
            </p>
            <button type="button" className="btn btn-primary" data-testid="report-close" onClick={onClose}>
              Close
            </button>
          </>
        ) : (
          <form onSubmit={submit} className="report-form" noValidate>
            <fieldset className="report-reasons">
              <legend className="field-label">Reason</legend>
              {REPORT_REASONS.map((r) => (
                <label key={r.reason} className="radio">
                  <input
                    type="radio"
                    name="report-reason"
                    value={r.reason}
                    checked={reason === r.reason}
                    data-testid={`report-reason-${r.reason}`}
                    onChange={() => {
                      setReason(r.reason);
                      setError(null);
                    }}
                  />
                  {r.label}
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span className="field-label">Details (optional)</span>
              <textarea data-testid="report-details" rows={4} maxLength={MAX_DETAILS} value={details} onChange={(e) => setDetails(e.target.value)} />
              <span className="field-hint">{detailsCount(details)}</span>
            </label>
            <FormActions error={error} errorTestId="report-error" small submitLabel="Send report" submitTestId="report-submit" busy={busy} onCancel={onClose} />
          </form>
        )}
      </div>
    </div>
  );
}
