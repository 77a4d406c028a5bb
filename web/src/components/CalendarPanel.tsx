// "Calendar feed": the member's private feed URL (copy it, or open it as webcal://), and
// "Reset link", which kills the old URL.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { eventsApi } from "../api/events";
import { webcalUrl } from "../events/calendar";
import { useToast } from "../state/toasts";
import { errorText, useLoad } from "../state/useLoad";
import { ConfirmButton } from "./ConfirmButton";
import { CopyField } from "./CopyField";

/** The panel (a card). */
export function CalendarPanel() {
  const { t } = useTranslation();
  const toast = useToast();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLoad(() => eventsApi.calendar(), [], { onData: (f) => setUrl(f.url), onError: (e) => setError(errorText(e)) });
  const reset = async () => {
    try {
      setUrl((await eventsApi.resetCalendar()).url);
      toast(t("calendar.resetDone"), "info");
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card edit-form" data-testid="calendar-panel" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t("calendar.title")}</h2>
      <p className="muted-text">{t("calendar.about")}</p>
      {error && <p className="error-text">{error}</p>}
      {url === null && !error && <p className="muted-text">{t("common.loading")}</p>}
      {url && (
        <>
          <CopyField value={url} testId="calendar-url" label={t("calendar.address")} />
          <div className="row wrap">
            <a className="btn btn-small" href={webcalUrl(url)} data-testid="calendar-webcal">
              {t("calendar.open")}
            </a>
            <ConfirmButton label={t("calendar.reset")} question={t("calendar.resetQuestion")} confirmLabel={t("calendar.resetConfirm")} testId="calendar-reset" onConfirm={reset} />
          </div>
        </>
      )}
    </section>
  );
}
