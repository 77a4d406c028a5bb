// A club (/clubs/:id): header with join/leave, description and rules, live club rooms, upcoming
// events with notify-me, pending requests and member roles for its admins, the members list.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { clubsApi } from "../api/clubs";
import { manages } from "../clubs/permissions";
import { ClubForm } from "../components/ClubForm";
import { ErrorPage } from "../components/ErrorPage";
import { ClubHeader } from "../components/ClubHeader";
import { ClubIconUpload } from "../components/ClubIconUpload";
import { ClubMembers } from "../components/ClubMembers";
import { ClubRequests } from "../components/ClubRequests";
import { EventCard } from "../components/EventCard";
import { RoomCard } from "../components/RoomCard";
import { errorKind, errorPage, type ErrorKind } from "../format/errorPages";
import { clubChanges } from "../forms/club";
import type { Club } from "../gen/Club";
import type { Event } from "../gen/Event";
import { useHash } from "../router";
import { useNow } from "../state/useNow";

/** A titled card with a block of the club's text (nothing when the text is empty). */
function TextCard({ title, text, testId }: { title: string; text: string; testId: string }) {
  if (!text) return null;
  return (
    <section className="card">
      <h2>{title}</h2>
      <p className="bio" data-testid={testId}>
        {text}
      </p>
    </section>
  );
}

/** The club page. */
export function ClubPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const [club, setClub] = useState<Club | null>(null);
  const [error, setError] = useState<ErrorKind | null>(null);
  const [editing, setEditing] = useState(false);
  const [version, setVersion] = useState(0);
  const hash = useHash();

  const reload = useCallback(
    () =>
      clubsApi.get(id).then(
        (c) => {
          setClub(c);
          setError(null);
        },
        (e: unknown) => setError(errorKind(e, "club_not_found")),
      ),
    [id],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  const changed = useCallback(() => {
    void reload();
    setVersion((v) => v + 1);
  }, [reload]);

  if (error) return <ErrorPage page={errorPage(error, true)} testId="club-page" onRetry={() => void reload()} />;
  if (!club) return <main className="page center muted-text">{t("common.loading")}</main>;

  const role = club.membership.role;
  const setEvent = (e: Event) => setClub({ ...club, upcoming_events: club.upcoming_events.map((x) => (x.id === e.id ? e : x)) });
  return (
    <main className="page" data-testid="club-page">
      <ClubHeader club={club} onChanged={changed} onEdit={() => setEditing(true)} />
      {editing && manages(role) && (
        <>
          <section className="card">
            <ClubIconUpload club={club} onSaved={() => void reload()} />
          </section>
          <ClubForm
            initial={{ name: club.name, description: club.description, rules: club.rules, joinPolicy: club.join_policy }}
            submitLabel={t("club.save")}
            onCancel={() => setEditing(false)}
            onSubmit={async (f) => {
              const body = clubChanges(club, f);
              if (Object.keys(body).length > 0) await clubsApi.update(club.id, body);
              await reload();
              setEditing(false);
            }}
          />
        </>
      )}
      <TextCard title={t("club.about")} text={club.description} testId="club-description-text" />
      <TextCard title={t("club.rules")} text={club.rules} testId="club-rules-text" />
      <h2 className="section-title">{t("club.liveNow")}</h2>
      {club.live_rooms.length === 0 ? (
        <p className="muted-text">{t("club.noLive")}</p>
      ) : (
        <div className="room-list" data-testid="club-live-rooms">
          {club.live_rooms.map((r) => (
            <RoomCard key={r.id} room={r} />
          ))}
        </div>
      )}
      <h2 className="section-title">{t("club.upcoming")}</h2>
      {club.upcoming_events.length === 0 ? (
        <p className="muted-text">{t("club.nothingScheduled")}</p>
      ) : (
        <ul className="event-list" data-testid="club-events">
          {club.upcoming_events.map((e) => (
            <EventCard key={e.id} event={e} now={now} onChange={setEvent} />
          ))}
        </ul>
      )}
      {manages(role) && <ClubRequests key={`r${version}${hash}`} clubId={club.id} onChanged={changed} />}
      <h2 className="section-title">{t("club.members")}</h2>
      <ClubMembers key={`m${version}`} clubId={club.id} viewerRole={role ?? null} onChanged={changed} />
    </main>
  );
}
