// Clubs (/clubs): the viewer's clubs, search/browse all clubs, and "Create a club".
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { clubsApi } from "../api/clubs";
import { ClubRow } from "../components/ClubRow";
import { normalizeQuery } from "../format/people";
import type { ClubSummary } from "../gen/ClubSummary";
import { Link } from "../router";
import { useMyClubs } from "../state/useMyClubs";
import { errorText, useLoad } from "../state/useLoad";

/** Pause after the last keystroke before searching, in milliseconds. */
const DEBOUNCE_MS = 200;

/** The clubs page. */
export function ClubsPage() {
  const { t } = useTranslation();
  const mine = useMyClubs();
  const [text, setText] = useState("");
  const [found, setFound] = useState<ClubSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const q = normalizeQuery(text);

  useEffect(() => setError(null), [q]);
  useLoad(() => clubsApi.search(q), [q], {
    onData: (list) => setFound(list.clubs),
    onError: (e) => setError(errorText(e)),
    delayMs: q ? DEBOUNCE_MS : 0,
  });

  return (
    <main className="page" data-testid="clubs-page">
      <h1 className="visually-hidden">{t("clubs.title")}</h1>
      <div className="row section-head">
        <h2 className="section-title grow">{t("clubs.yours")}</h2>
        <Link href="/clubs/new" className="btn btn-primary btn-small" data-testid="create-club">
          {t("clubs.create")}
        </Link>
      </div>
      {mine === null && <p className="muted-text">{t("common.loading")}</p>}
      {mine?.length === 0 && <p className="muted-text">{t("clubs.noneYet")}</p>}
      <ul className="user-list" data-testid="my-clubs">
        {mine?.map((c) => <ClubRow key={c.id} club={c} testId="my-club" />)}
      </ul>
      <h2 className="section-title">{t("clubs.find")}</h2>
      <input type="search" className="club-search" aria-label={t("clubs.search")} placeholder={t("clubs.searchPlaceholder")} data-testid="club-search" value={text} onChange={(e) => setText(e.target.value)} />
      {error && <p className="error-text">{error}</p>}
      {found?.length === 0 && <p className="muted-text">{q ? t("clubs.noMatch") : t("clubs.none")}</p>}
      <ul className="user-list" data-testid="club-results">
        {found?.map((c) => <ClubRow key={c.id} club={c} testId="club-result" />)}
      </ul>
    </main>
  );
}
