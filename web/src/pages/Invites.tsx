// Invites (/invites): create a link (shown once), list past invites with who used them, revoke.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/endpoints";
import { CopyField } from "../components/CopyField";
import { InviteRow } from "../components/InviteRow";
import { quotaExhausted, remainingText } from "../format/invites";
import type { CreatedInvite } from "../gen/CreatedInvite";
import type { InviteList } from "../gen/InviteList";
import { useToast } from "../state/toasts";

/** The invites page. */
export function InvitesPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const [list, setList] = useState<InviteList | null>(null);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [busy, setBusy] = useState(false);
  const report = useCallback((e: unknown) => toast(e instanceof Error ? e.message : String(e)), [toast]);
  const reload = useCallback(() => api.invites().then(setList, report), [report]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const create = async () => {
    setBusy(true);
    try {
      setCreated(await api.createInvite());
      await reload();
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: number) => {
    try {
      await api.revokeInvite(id);
      if (created?.invite.id === id) setCreated(null);
      await reload();
    } catch (e) {
      report(e);
    }
  };
  const remaining = list?.remaining;
  const exhausted = quotaExhausted(remaining);

  return (
    <main className="page" data-testid="invites-page">
      <h1 className="visually-hidden">{t("invites.title")}</h1>
      <section className="card">
        <h2>{t("invites.inviteSomeone")}</h2>
        <p className="muted-text" data-testid="invite-remaining">
          {list === null ? "…" : remainingText(list.remaining)}
        </p>
        <button type="button" className="btn btn-primary" data-testid="invite-create" disabled={busy || exhausted || list === null} onClick={create}>
          {t("invites.create")}
        </button>
        {created && (
          <div className="created">
            <p>{t("invites.shareOnce")}</p>
            <CopyField value={created.url} testId="invite-url" label={t("invites.link")} />
          </div>
        )}
      </section>
      <h2 className="section-title">{t("invites.yours")}</h2>
      {list && list.invites.length === 0 && <p className="muted-text">{t("invites.none")}</p>}
      <ul className="invite-list" data-testid="invite-list">
        {list?.invites.map((inv) => <InviteRow key={inv.id} invite={inv} onRevoke={revoke} />)}
      </ul>
    </main>
  );
}
