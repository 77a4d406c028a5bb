// One club in a list: icon, name, description, member count, the viewer's role.
import { useTranslation } from "react-i18next";
import { clubPath, memberCount, roleLabel } from "../clubs/permissions";
import type { ClubSummary } from "../gen/ClubSummary";
import { Link } from "../router";
import { ClubIcon } from "./ClubIcon";

/** A row linking to the club page. */
export function ClubRow({ club, testId }: { club: ClubSummary; testId: string }) {
  const { t } = useTranslation();
  const role = club.membership.role;
  return (
    <li className="user-row" data-testid={testId} data-club-id={club.id}>
      <Link href={clubPath(club.id)} className="user-row-link">
        <ClubIcon club={club} size={44} />
        <span className="grow club-row-text">
          <span className="user-row-name">{club.name}</span>
          <span className="muted-text small">
            {" "}
            {memberCount(club.member_count)}
            {club.join_policy === "approval" && t("clubs.byApproval")}
          </span>
          {club.description && <span className="muted-text small club-row-desc">{club.description}</span>}
        </span>
      </Link>
      {role && <span className="pill subtle">{roleLabel(role)}</span>}
      {!role && club.membership.request_pending && <span className="pill subtle">{t("clubs.requested")}</span>}
    </li>
  );
}
