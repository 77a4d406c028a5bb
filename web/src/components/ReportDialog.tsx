// "Report": a reason (five radios) and optional details (at most 1000 characters), sent to
// POST /api/reports; thanks the reporter once it is filed, or shows why it was not.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { modApi } from "../api/moderation";
import { detailsCount, MAX_DETAILS, reasonChoice, REPORT_REASONS, reportErrorText, reportRequest, reportThanks, validateReport, type ReportTarget } from "../forms/report";
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
  const { t } = useTranslation();
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
      <div ref={trap} className="menu report-dialog" role="dialog" aria-modal="true" aria-label={t("report.title", { name })} data-testid="report-dialog" onClick={(e) => e.stopPropagation()}>
        <div className="menu-head column">
          <div className="menu-name">{t("report.title", { name })}</div>
          <div className="muted-text small">{t("report.onlyAdmins")}</div>
        </div>
        {done ? (
          <>
            <p role="status" data-testid="report-thanks">
              {reportThanks()}
            </p>
            <button type="button" className="btn btn-primary" data-testid="report-close" onClick={onClose}>
              {t("common.close")}
            </button>
          </>
        ) : (
          <form onSubmit={submit} className="report-form" noValidate>
            <fieldset className="report-reasons">
              <legend className="field-label">{t("report.reason")}</legend>
              {REPORT_REASONS.map((r) => (
                <label key={r} className="radio">
                  <input
                    type="radio"
                    name="report-reason"
                    value={r}
                    checked={reason === r}
                    data-testid={`report-reason-${r}`}
                    onChange={() => {
                      setReason(r);
                      setError(null);
                    }}
                  />
                  {reasonChoice(r)}
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span className="field-label">{t("report.details")}</span>
              <textarea data-testid="report-details" rows={4} maxLength={MAX_DETAILS} value={details} onChange={(e) => setDetails(e.target.value)} />
              <span className="field-hint">{detailsCount(details)}</span>
            </label>
            <FormActions error={error} errorTestId="report-error" small submitLabel={t("report.send")} submitTestId="report-submit" busy={busy} onCancel={onClose} />
          </form>
        )}
      </div>
    </div>
  );
}
