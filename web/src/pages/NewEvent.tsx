// "Schedule a room" (/events/new, /events/new?club=ID with the club preselected for its leaders).
import { useTranslation } from "react-i18next";
import { eventsApi } from "../api/events";
import { ledClubs } from "../clubs/permissions";
import { EventForm } from "../components/EventForm";
import { eventPath } from "../events/status";
import { navigate, useSearch } from "../router";
import { useMyClubs } from "../state/useMyClubs";

/** The club id asked for in `?club=`, or null. */
function clubParam(search: string): number | null {
  const n = Number(new URLSearchParams(search).get("club"));
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** The schedule page. */
export function NewEventPage() {
  const { t } = useTranslation();
  const mine = useMyClubs();
  const wanted = clubParam(useSearch());
  if (mine === null) return <main className="page center muted-text">{t("common.loading")}</main>;
  const clubs = ledClubs(mine);
  const clubId = clubs.some((c) => c.id === wanted) ? wanted : null;
  return (
    <main className="page" data-testid="new-event-page">
      <h1 className="section-title">{t("event.scheduleTitle")}</h1>
      <EventForm
        initial={{ title: "", description: "", date: "", time: "", cohosts: [], clubId, membersOnly: false }}
        clubs={clubs}
        submitLabel={t("event.scheduleSubmit")}
        onSubmit={async (body) => {
          const e = await eventsApi.create(body);
          navigate(eventPath(e.id));
        }}
        onCancel={() => history.back()}
      />
    </main>
  );
}
