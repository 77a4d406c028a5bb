// Member search (/search?q=): a search field and the matching members.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../components/Field";
import { UserRow } from "../components/UserRow";
import { queryFromSearch, searchPath } from "../format/people";
import { navigate, useSearch } from "../router";
import { useMemberSearch } from "../state/useMemberSearch";

/** The search page; the query lives in the URL. */
export function SearchPage() {
  const { t } = useTranslation();
  const search = useSearch();
  const [text, setText] = useState(() => queryFromSearch(search));
  const [seen, setSeen] = useState(search);
  if (seen !== search) {
    // Navigated here again (e.g. from the top bar) with another query.
    setSeen(search);
    setText(queryFromSearch(search));
  }
  const { users, error, q } = useMemberSearch(text, 50);
  const change = (value: string) => {
    setText(value);
    navigate(searchPath(value), true);
  };
  return (
    <main className="page" data-testid="search-page">
      <h1 className="visually-hidden">{t("search.title")}</h1>
      <section className="card">
        <Field label={t("search.label")} type="search" data-testid="search-page-input" value={text} onChange={(e) => change(e.target.value)} autoFocus />
      </section>
      {error && <p className="error-text">{error}</p>}
      {q && users === null && !error && <p className="muted-text">{t("common.searching")}</p>}
      {users?.length === 0 && <p className="muted-text">{t("search.noMatch", { q })}</p>}
      <ul className="user-list">
        {users?.map((u) => <UserRow key={u.id} user={u} testId="search-page-result" />)}
      </ul>
    </main>
  );
}
