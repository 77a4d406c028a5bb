// "Notify me" toggle for an event, with how many asked (PUT/DELETE /api/events/{id}/notify).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { eventsApi } from "../api/events";
import { interestedLabel } from "../events/status";
import type { Event } from "../gen/Event";
import { useToast } from "../state/toasts";

/** The toggle; `onChange` gets the event with the new `notify_me` and `interested`. */
export function NotifyMeButton({ event, onChange }: { event: Event; onChange(e: Event): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    const on = !event.notify_me;
    setBusy(true);
    try {
      onChange(await eventsApi.notifyMe(event.id, on));
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const count = interestedLabel(event.interested);
  return (
    <span className="row notify-me">
      <button
        type="button"
        className={event.notify_me ? "btn btn-small notify-on" : "btn btn-small"}
        data-testid="event-notify"
        aria-pressed={event.notify_me}
        disabled={busy}
        onClick={() => void toggle()}
      >
        {event.notify_me ? t("events.notifying") : t("events.notifyMe")}
      </button>
      {count && (
        <span className="muted-text small" data-testid="event-interested">
          {count}
        </span>
      )}
    </span>
  );
}
