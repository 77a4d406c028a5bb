// Pending requests to join a club (founder and admins): approve or decline each.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { clubsApi } from "../api/clubs";
import { ago } from "../notify/links";
import type { ClubJoinRequest } from "../gen/ClubJoinRequest";
import { useToast } from "../state/toasts";
import { UserRow } from "./UserRow";

/** The requests section (anchor `#requests`); `onChanged` runs after each answer. */
export function ClubRequests({ clubId, onChanged }: { clubId: number; onChanged(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [requests, setRequests] = useState<ClubJoinRequest[] | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(
    () => clubsApi.requests(clubId).then((r) => setRequests(r.requests), (e: unknown) => toast(e instanceof Error ? e.message : String(e))),
    [clubId, toast],
  );

  useEffect(() => {
    void reload().then(() => {
      if (location.hash === "#requests") document.getElementById("requests")?.scrollIntoView();
    });
  }, [reload]);

  const answer = async (username: string, approve: boolean) => {
    setBusy(true);
    try {
      await (approve ? clubsApi.approve(clubId, username) : clubsApi.decline(clubId, username));
      await reload();
      onChanged();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id="requests" data-testid="club-requests" aria-labelledby="requests-title">
      <h2 className="section-title" id="requests-title">
        {t("club.requests")}
      </h2>
      {requests === null && <p className="muted-text">{t("common.loading")}</p>}
      {requests?.length === 0 && <p className="muted-text">{t("club.noRequests")}</p>}
      <ul className="user-list">
        {requests?.map((r) => (
          <UserRow key={r.user.id} user={r.user} testId="club-request">
            <span className="muted-text small">{ago(r.requested_at, Date.now())}</span>
            <button type="button" className="btn btn-small btn-primary" data-testid="club-request-approve" disabled={busy} onClick={() => void answer(r.user.username, true)}>
              {t("club.approve")}
            </button>
            <button type="button" className="btn btn-small" data-testid="club-request-decline" disabled={busy} onClick={() => void answer(r.user.username, false)}>
              {t("club.decline")}
            </button>
          </UserRow>
        ))}
      </ul>
    </section>
  );
}
