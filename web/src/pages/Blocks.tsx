// Blocked members (/blocks): who you blocked, newest first, with "Unblock".
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { UserRow } from "../components/UserRow";
import type { UserSummary } from "../gen/UserSummary";
import { useToast } from "../state/toasts";

/** The blocks page. */
export function BlocksPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const report = useCallback((e: unknown) => toast(e instanceof Error ? e.message : String(e)), [toast]);
  const reload = useCallback(() => peopleApi.blocks().then((b) => setUsers(b.users), report), [report]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const unblock = async (username: string) => {
    try {
      await peopleApi.unblock(username);
      await reload();
    } catch (e) {
      report(e);
    }
  };
  return (
    <main className="page" data-testid="blocks-page">
      <h1 className="section-title">{t("blocks.title")}</h1>
      <p className="muted-text">{t("blocks.about")}</p>
      {users === null && <p className="muted-text">{t("common.loading")}</p>}
      {users?.length === 0 && <p className="muted-text">{t("blocks.none")}</p>}
      <ul className="user-list">
        {users?.map((u) => (
          <UserRow key={u.id} user={u} testId="blocked-row">
            <button type="button" className="btn btn-small" data-testid="unblock-row" onClick={() => void unblock(u.username)}>
              {t("profile.unblock")}
            </button>
          </UserRow>
        ))}
      </ul>
    </main>
  );
}
