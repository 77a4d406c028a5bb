// The "Schedule a room" form, for creating and editing: title, description, date + time in the
// viewer's zone, co-hosts, and (when creating) the club and members-only.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { checkEvent, type EventFields } from "../forms/event";
import type { ClubSummary } from "../gen/ClubSummary";
import type { CreateEventRequest } from "../gen/CreateEventRequest";
import { viewerZone, zoneLabel } from "../events/time";
import { ClubSelect } from "./ClubSelect";
import { CohostPicker } from "./CohostPicker";
import { Field, TextAreaField } from "./Field";
import { FormActions } from "./FormActions";
import { useSubmit } from "./useSubmit";

interface Props {
  initial: EventFields;
  /** Clubs the viewer may schedule in (no club select when empty or editing). */
  clubs: ClubSummary[];
  editing?: boolean;
  submitLabel: string;
  onSubmit(body: CreateEventRequest): Promise<void>;
  onCancel?(): void;
}

/** The form; errors from `onSubmit` are shown under it. */
export function EventForm({ initial, clubs, editing = false, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [f, setF] = useState<EventFields>(initial);
  const { error, setError, busy, run } = useSubmit();
  const zone = viewerZone();
  const set = <K extends keyof EventFields>(k: K, v: EventFields[K]) => setF((old) => ({ ...old, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkEvent(f, Date.now(), zone);
    if ("error" in checked) return setError(checked.error);
    await run(() => onSubmit(checked.body));
  };

  return (
    <form className="card edit-form" onSubmit={submit} data-testid="event-form" aria-label={submitLabel}>
      <Field label={t("eventForm.title")} data-testid="event-title" maxLength={100} value={f.title} onChange={(e) => set("title", e.target.value)} required />
      <TextAreaField label={t("eventForm.description")} data-testid="event-description" rows={4} maxLength={1000} value={f.description} onChange={(e) => set("description", e.target.value)} />
      <div className="row wrap align-end">
        <Field label={t("eventForm.date")} type="date" data-testid="event-date" value={f.date} onChange={(e) => set("date", e.target.value)} required />
        <Field label={t("eventForm.time")} type="time" data-testid="event-time" value={f.time} onChange={(e) => set("time", e.target.value)} required />
      </div>
      <span className="field-hint" data-testid="event-zone">
        {t("eventForm.zone", { zone: zoneLabel(zone) })}
      </span>
      <CohostPicker value={f.cohosts} onChange={(v) => set("cohosts", v)} />
      {!editing && clubs.length > 0 && (
        <div className="row wrap align-end">
          <ClubSelect testId="event-club" clubs={clubs} value={f.clubId} onChange={(id) => set("clubId", id)} />
          <label className="check">
            <input type="checkbox" data-testid="event-members-only" disabled={f.clubId === null} checked={f.membersOnly && f.clubId !== null} onChange={(e) => set("membersOnly", e.target.checked)} />
            {t("eventForm.membersOnly")}
          </label>
        </div>
      )}
      <FormActions error={error} errorTestId="form-error" submitLabel={submitLabel} submitTestId="event-submit" busy={busy} onCancel={onCancel} cancelDisabled={busy} />
    </form>
  );
}
