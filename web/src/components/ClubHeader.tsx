// The top of a club page: icon, name, founder, member count, the join/leave button, and for
// leaders "Schedule a room", for managers "Edit club".
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { clubsApi } from "../api/clubs";
import { leads, manages, memberCount, membershipButton, roleLabel } from "../clubs/permissions";
import type { Club } from "../gen/Club";
import { Link } from "../router";
import { useToast } from "../state/toasts";
import { ClubIcon } from "./ClubIcon";
import { ConfirmButton } from "./ConfirmButton";

interface Props {
  club: Club;
  onChanged(): void;
  onEdit(): void;
}

/** The header card. */
export function ClubHeader({ club, onChanged, onEdit }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const role = club.membership.role;
  const button = membershipButton(club.membership, club.join_policy);
  const act = async (call: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await call();
      if (done) toast(done, "info");
      onChanged();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const joinDone = club.join_policy === "approval" ? t("club.requestSent") : undefined;
  return (
    <section className="card profile-card" data-testid="club-header" data-club-id={club.id} data-role={role ?? ""}>
      <div className="profile-head">
        <ClubIcon club={club} size={80} />
        <div className="grow">
          <h1 className="profile-name" data-testid="club-name-text">
            {club.name}
          </h1>
          <span className="muted-text small">
            <span data-testid="club-member-count">{memberCount(club.member_count)}</span>
            {t("club.foundedBy")}
            <Link href={`/users/${encodeURIComponent(club.founder.username)}`}>{club.founder.display_name}</Link>
            {club.join_policy === "approval" && t("club.joiningByApproval")}
          </span>
          {role && (
            <span className="pill subtle" data-testid="club-my-role">
              {roleLabel(role)}
            </span>
          )}
        </div>
      </div>
      <div className="row wrap profile-actions">
        {button.action === "join" && (
          <button type="button" className="btn btn-primary" data-testid="club-join" disabled={busy} onClick={() => void act(() => clubsApi.join(club.id), joinDone)}>
            {button.label}
          </button>
        )}
        {button.action === "pending" && (
          <>
            <button type="button" className="btn" data-testid="club-pending" disabled>
              {button.label}
            </button>
            <button type="button" className="btn btn-small" data-testid="club-withdraw" disabled={busy} onClick={() => void act(() => clubsApi.leave(club.id))}>
              {t("club.withdraw")}
            </button>
          </>
        )}
        {button.action === "leave" && (
          <ConfirmButton label={t("club.leave")} question={t("club.leaveQuestion", { name: club.name })} confirmLabel={t("club.leaveConfirm")} testId="club-leave" onConfirm={() => act(() => clubsApi.leave(club.id))} />
        )}
        {leads(role) && (
          <Link href={`/events/new?club=${club.id}`} className="btn btn-small" data-testid="club-schedule">
            {t("club.schedule")}
          </Link>
        )}
        {manages(role) && (
          <button type="button" className="btn btn-small" data-testid="club-edit" onClick={onEdit}>
            {t("club.edit")}
          </button>
        )}
      </div>
    </section>
  );
}
