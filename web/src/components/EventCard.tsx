// One upcoming event in a list (hallway "Upcoming", club page): time in the viewer's zone and
// how far away, title, hosts, club, status, notify-me.
import { useTranslation } from "react-i18next";
import { clubPath } from "../clubs/permissions";
import { eventControls, eventPath, eventStatusLabel, hostNames } from "../events/status";
import { formatEventTime, relativeTime, viewerZone } from "../events/time";
import type { Event } from "../gen/Event";
import { Link } from "../router";
import { NotifyMeButton } from "./NotifyMeButton";

/** An event row; `onChange` gets the event after a notify-me toggle. */
export function EventCard({ event, now, onChange }: { event: Event; now: number; onChange(e: Event): void }) {
  const { t } = useTranslation();
  const controls = eventControls(event, now);
  const status = eventStatusLabel(event, now);
  return (
    <li className="event-card" data-testid="event-card" data-event-id={event.id}>
      <div className="event-when">
        <span className="event-time">{formatEventTime(event.starts_at, viewerZone())}</span>
        <span className="muted-text small">{relativeTime(event.starts_at, now)}</span>
      </div>
      <div className="grow event-body">
        <Link href={eventPath(event.id)} className="event-title" data-testid="event-card-title">
          {event.title}
        </Link>
        <span className="muted-text small">
          {t("events.with", { names: hostNames(event.hosts) })}
          {event.club && (
            <>
              {" · "}
              <Link href={clubPath(event.club.id)} data-testid="event-card-club">
                {event.club.name}
              </Link>
            </>
          )}
          {event.members_only && ` · ${t("common.membersOnly")}`}
        </span>
      </div>
      <div className="row wrap event-actions">
        {status !== t("events.status.scheduled") && <span className={`pill event-status status-${event.status}`}>{status}</span>}
        {controls.join && event.room_id && (
          <Link href={`/rooms/${encodeURIComponent(event.room_id)}`} className="btn btn-small btn-live" data-testid="event-card-join">
            {t("common.join")}
          </Link>
        )}
        {controls.notify && <NotifyMeButton event={event} onChange={onChange} />}
      </div>
    </li>
  );
}
