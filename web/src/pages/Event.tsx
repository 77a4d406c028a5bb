// An event (/events/:id): title, time in the viewer's zone (+ "in 2 hours"), hosts, club,
// description, notify-me, "Add to calendar"; for its managers edit, cancel and "Start this room"
// (`?start=1`, from the event_starting notification, starts it at once); "Join" when live.
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { eventIcsUrl, eventsApi } from "../api/events";
import { clubPath } from "../clubs/permissions";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorPage } from "../components/ErrorPage";
import { EventForm } from "../components/EventForm";
import { NotifyMeButton } from "../components/NotifyMeButton";
import { UserRow } from "../components/UserRow";
import { eventControls, eventPath, eventStatusLabel } from "../events/status";
import { formatEventTime, relativeTime, utcToLocal, viewerZone, zoneLabel } from "../events/time";
import { errorKind, errorPage, type ErrorKind } from "../format/errorPages";
import { eventChanges } from "../forms/event";
import type { Event } from "../gen/Event";
import { Link, navigate, useSearch } from "../router";
import { useNow } from "../state/useNow";
import { useToast } from "../state/toasts";
import { useLoad } from "../state/useLoad";

const roomPath = (id: string) => `/rooms/${encodeURIComponent(id)}`;

/** The event page. */
export function EventPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const now = useNow(30_000);
  const wantsStart = new URLSearchParams(useSearch()).get("start") === "1";
  const [event, setEvent] = useState<Event | null>(null);
  const [error, setError] = useState<ErrorKind | null>(null);
  const [editing, setEditing] = useState(false);
  const [starting, setStarting] = useState(false);
  const autoStarted = useRef(false);

  useLoad(() => eventsApi.get(id), [id], {
    onData: setEvent,
    onError: (e) => setError(errorKind(e, "event_not_found")),
  });

  const start = useCallback(async () => {
    setStarting(true);
    try {
      const room = await eventsApi.start(id);
      navigate(roomPath(room.id), true);
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
      setStarting(false);
      navigate(eventPath(id), true);
    }
  }, [id, toast]);

  // One click from the event_starting notification: start (or join) at once.
  useEffect(() => {
    if (!event || !wantsStart || autoStarted.current) return;
    autoStarted.current = true;
    if (event.status === "live" && event.room_id) navigate(roomPath(event.room_id), true);
    else if (event.status === "scheduled" && event.can_manage) void start();
    else navigate(eventPath(id), true);
  }, [event, wantsStart, start, id]);

  if (error) return <ErrorPage page={errorPage(error, true)} testId="event-page" />;
  if (!event) return <main className="page center muted-text">{t("common.loading")}</main>;

  const zone = viewerZone();
  const controls = eventControls(event, now);
  const cancel = async () => {
    try {
      setEvent(await eventsApi.cancel(event.id));
      toast(t("event.cancelled"), "info");
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    }
  };
  const before = { ...event, cohosts: event.hosts.slice(1).map((h) => h.username) };

  return (
    <main className="page" data-testid="event-page" data-event-id={event.id} data-status={event.status}>
      <section className="card event-page">
        <div className="row wrap">
          <h1 className="grow event-page-title" data-testid="event-title-text">
            {event.title}
          </h1>
          <span className={`pill event-status status-${event.status}`} data-testid="event-status">
            {eventStatusLabel(event, now)}
          </span>
        </div>
        <p className="event-page-time" data-testid="event-time">
          <strong>{formatEventTime(event.starts_at, zone)}</strong>{" "}
          <span className="muted-text">
            ({relativeTime(event.starts_at, now)}) · {zoneLabel(zone, event.starts_at)}
          </span>
        </p>
        {event.club && (
          <p className="muted-text">
            {t("event.in")}
            <Link href={clubPath(event.club.id)} data-testid="event-club">
              {event.club.name}
            </Link>
            {event.members_only && ` · ${t("common.membersOnly")}`}
          </p>
        )}
        {event.description && <p className="bio" data-testid="event-description-text">{event.description}</p>}
        {event.status === "cancelled" && <p className="banner">{t("event.wasCancelled")}</p>}
        {event.status === "ended" && <p className="banner">{t("event.ended")}</p>}
        <div className="row wrap">
          {controls.join && event.room_id && (
            <Link href={roomPath(event.room_id)} className="btn btn-live" data-testid="event-join">
              {t("common.join")}
            </Link>
          )}
          {controls.start && (
            <button type="button" className="btn btn-primary" data-testid="event-start" disabled={starting || controls.startTooEarly} onClick={() => void start()}>
              {starting ? t("event.starting") : t("event.start")}
            </button>
          )}
          {controls.notify && <NotifyMeButton event={event} onChange={setEvent} />}
          {event.status !== "cancelled" && (
            <a className="btn btn-small" href={eventIcsUrl(event.id)} download data-testid="event-ics">
              {t("event.addToCalendar")}
            </a>
          )}
        </div>
        {controls.startTooEarly && <span className="field-hint">{t("event.tooEarly")}</span>}
        {controls.edit && !editing && (
          <div className="row wrap">
            <button type="button" className="btn btn-small" data-testid="event-edit" onClick={() => setEditing(true)}>
              {t("common.edit")}
            </button>
            <ConfirmButton label={t("event.cancel")} question={t("event.cancelQuestion")} confirmLabel={t("event.cancelConfirm")} testId="event-cancel" onConfirm={cancel} />
          </div>
        )}
      </section>
      {editing && (
        <EventForm
          initial={{ ...utcToLocal(event.starts_at, zone), title: event.title, description: event.description, cohosts: before.cohosts, clubId: null, membersOnly: false }}
          clubs={[]}
          editing
          submitLabel={t("event.saveChanges")}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            const changes = eventChanges(before, body);
            if (Object.keys(changes).length > 0) setEvent(await eventsApi.update(event.id, changes));
            setEditing(false);
          }}
        />
      )}
      <h2 className="section-title">{t("event.hosts")}</h2>
      <ul className="user-list" data-testid="event-hosts">
        {event.hosts.map((h) => (
          <UserRow key={h.id} user={h} testId="event-host" />
        ))}
      </ul>
    </main>
  );
}
