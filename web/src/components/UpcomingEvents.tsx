// The hallway's "Upcoming" section: scheduled rooms by people you follow, in your clubs, or
// that you asked to be notified of.
import { useTranslation } from "react-i18next";
import { useNow } from "../state/useNow";
import { useUpcoming } from "../state/useUpcoming";
import { Link } from "../router";
import { EventCard } from "./EventCard";

/** The section (hidden while loading and when empty, except for the "Schedule" link). */
export function UpcomingEvents() {
  const { t } = useTranslation();
  const { events, error, update } = useUpcoming();
  const now = useNow(30_000);
  return (
    <section className="upcoming" data-testid="upcoming" aria-labelledby="upcoming-title">
      <div className="row section-head">
        <h2 className="section-title grow" id="upcoming-title">
          {t("events.upcoming")}
        </h2>
        <Link href="/events/new" className="btn btn-small" data-testid="schedule-room">
          {t("events.schedule")}
        </Link>
      </div>
      {error && <p className="error-text">{error}</p>}
      {events?.length === 0 && (
        <p className="muted-text" data-testid="upcoming-empty">
          {t("events.nothing")}
        </p>
      )}
      {events && events.length > 0 && (
        <ul className="event-list">
          {events.map((e) => (
            <EventCard key={e.id} event={e} now={now} onChange={update} />
          ))}
        </ul>
      )}
    </section>
  );
}
