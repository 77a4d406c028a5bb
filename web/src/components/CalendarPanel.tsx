// "Calendar feed": the member's private feed URL (copy it, or open it as webcal://), and
// "Reset link", which kills the old URL.
import { useState } from "react";
import { eventsApi } from "../api/events";
import { webcalUrl } from "../events/calendar";
import { useToast } from "../state/toasts";
import { errorText, useLoad } from "../state/useLoad";
import { ConfirmButton } from "./ConfirmButton";
import { CopyField } from "./CopyField";

/** The panel (a card). */
export function CalendarPanel() {
  const toast = useToast();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLoad(() => eventsApi.calendar(), [], { onData: (f) => setUrl(f.url), onError: (e) => setError(errorText(e)) });
  const reset = async () => {
    try {
      setUrl((await eventsApi.resetCalendar()).url);
      toast("New calendar link made. The old one no longer works.", "info");
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card edit-form" data-testid="calendar-panel" aria-labelledby="calendar-title">
      <h2 id="calendar-title">Calendar feed</h2>
      <p className="muted-text">
        Subscribe in your calendar app to see the rooms you host, the ones you asked to be notified of, and your clubs' events.
        Anyone with this link can read the feed.
      </p>
      {error && <p className="error-text">{error}</p>}
      {url === null && !error && <p className="muted-text">Loading…</p>}
      {url && (
        <>
          <CopyField value={url} testId="calendar-url" label="Calendar feed address" />
          <div className="row wrap">
            <a className="btn btn-small" href={webcalUrl(url)} data-testid="calendar-webcal">
              Open in calendar app
            </a>
            <ConfirmButton label="Reset link" question="Make a new link? The old one stops working." confirmLabel="Yes, reset" testId="calendar-reset" onConfirm={reset} />
          </div>
        </>
      )}
    </section>
  );
}
