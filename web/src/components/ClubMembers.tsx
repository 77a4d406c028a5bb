// A club's members, a page at a time, with their roles; for the club's managers a role menu
// (within the rules) and "Remove" per member.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { clubsApi } from "../api/clubs";
import { assignableRoles, canRemove, roleLabel } from "../clubs/permissions";
import type { ClubMember } from "../gen/ClubMember";
import type { ClubRole } from "../gen/ClubRole";
import { useToast } from "../state/toasts";
import { ConfirmButton } from "./ConfirmButton";
import { LoadMore } from "./LoadMore";
import { usePaged } from "./usePaged";
import { UserRow } from "./UserRow";

/** `page` appended to `list`, leaving out members already in it. */
function appendMembers(list: ClubMember[], page: ClubMember[]): ClubMember[] {
  const seen = new Set(list.map((m) => m.user.id));
  return [...list, ...page.filter((m) => !seen.has(m.user.id))];
}

interface Props {
  clubId: number;
  viewerRole: ClubRole | null;
  /** Runs after a change (role, removal) so the page can refresh its counts. */
  onChanged(): void;
}

/** The members list; remount (change `key`) to start over. */
export function ClubMembers({ clubId, viewerRole, onChanged }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const fetchPage = useCallback(
    async (from: string | null) => {
      const page = await clubsApi.members(clubId, from);
      return { items: page.members, next: page.next_cursor };
    },
    [clubId],
  );
  const { items: members, cursor, busy, load } = usePaged<ClubMember>(fetchPage, appendMembers, toast);

  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      await load(null);
      onChanged();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div data-testid="club-members">
      {members === null && <p className="muted-text">{t("common.loading")}</p>}
      <ul className="user-list">
        {members?.map((m) => {
          const roles = assignableRoles(viewerRole, m.role);
          const name = m.user.username;
          return (
            <UserRow key={m.user.id} user={m.user} testId="club-member">
              {roles.length > 0 ? (
                <select
                  aria-label={t("club.roleOf", { username: name })}
                  data-testid="club-member-role"
                  value={m.role}
                  onChange={(e) => void act(() => clubsApi.setRole(clubId, name, e.target.value as ClubRole))}
                >
                  {!roles.includes(m.role) && <option value={m.role}>{roleLabel(m.role)}</option>}
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(r)}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="pill subtle" data-testid="club-member-role-label">
                  {roleLabel(m.role)}
                </span>
              )}
              {canRemove(viewerRole, m.role) && (
                <ConfirmButton label={t("common.remove")} question={t("club.removeQuestion", { username: name })} confirmLabel={t("club.removeConfirm")} testId="club-member-remove" onConfirm={() => act(() => clubsApi.remove(clubId, name))} />
              )}
            </UserRow>
          );
        })}
      </ul>
      <LoadMore cursor={cursor} busy={busy} load={load} />
    </div>
  );
}
