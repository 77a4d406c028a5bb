// A member's followers or following, a page at a time with "Load more".
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { peopleApi, type FollowDirection } from "../api/people";
import { appendPage } from "../format/people";
import type { UserSummary } from "../gen/UserSummary";
import { LoadMore } from "./LoadMore";
import { usePaged } from "./usePaged";
import { UserRow } from "./UserRow";

/** The list; remount (change `key`) to start over from the first page. */
export function FollowList({ username, direction }: { username: string; direction: FollowDirection }) {
  const { t } = useTranslation();
  const fetchPage = useCallback(
    async (from: string | null) => {
      const page = await peopleApi.followList(username, direction, from);
      return { items: page.users, next: page.next_cursor };
    },
    [username, direction],
  );
  const { items: users, cursor, busy, error, load } = usePaged<UserSummary>(fetchPage, appendPage);

  const empty = direction === "followers" ? t("profile.noFollowers") : t("profile.noFollowing");
  return (
    <div data-testid={`${direction}-list`}>
      {error && <p className="error-text">{error}</p>}
      {users === null && !error && <p className="muted-text">{t("common.loading")}</p>}
      {users?.length === 0 && <p className="muted-text">{empty}</p>}
      <ul className="user-list">
        {users?.map((u) => <UserRow key={u.id} user={u} testId={`${direction}-row`} />)}
      </ul>
      <LoadMore cursor={cursor} busy={busy} load={load} />
    </div>
  );
}
