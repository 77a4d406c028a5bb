// A waitlist reservation (/waitlist/:token, no session): polls until someone waves the holder
// in, then offers the password form that finishes sign-up.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/http";
import { peopleApi } from "../api/people";
import { Field } from "../components/Field";
import { canFinish, heldUntilText, STATUS_POLL_MS, statusText } from "../format/waitlist";
import { validatePassword } from "../forms/waitlist";
import type { WaitlistStatus } from "../gen/WaitlistStatus";
import { Avatar } from "../components/Avatar";
import { ErrorPage } from "../components/ErrorPage";
import { errorPage } from "../format/errorPages";
import { navigate } from "../router";
import { useAuth } from "../state/auth";
import { useLoad } from "../state/useLoad";

/** The status page. */
export function WaitlistStatusPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const [status, setStatus] = useState<WaitlistStatus | null>(null);
  const [gone, setGone] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const waved = status !== null && canFinish(status);

  useLoad(waved ? null : () => peopleApi.waitlistStatus(token), [token, waved], {
    onData: setStatus,
    onError: (e) => {
      if (e instanceof ApiError && e.code === "not_found") setGone(true);
    },
    everyMs: STATUS_POLL_MS,
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = validatePassword(password);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      const res = await peopleApi.waitlistSignup(token, password);
      setMe(res.user);
      navigate("/", true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  if (gone) return <ErrorPage page={errorPage("waitlist_gone", false)} testId="waitlist-gone" />;
  if (!status) return <main className="page center muted-text">{t("common.loading")}</main>;
  return (
    <main className="page center" data-testid="waitlist-status" data-waved={waved}>
      <div className="card narrow">
        <h1>{t("waitlist.hi", { name: status.display_name })}</h1>
        <span className="stack" data-testid="waitlist-faces">
          {(status.waved_in_by ? [status.waved_in_by] : status.named).map((u) => (
            <Avatar key={u.id} user={u} size={40} />
          ))}
        </span>
        <p data-testid="waitlist-status-text">{statusText(status)}</p>
        <p className="muted-text small">{heldUntilText(status)}</p>
        {waved ? (
          <form className="finish" onSubmit={submit} data-testid="waitlist-finish">
            <Field label={t("common.password")} hint={t("common.passwordHint")} type="password" autoComplete="new-password" data-testid="waitlist-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            {error && (
              <p className="error-text" data-testid="form-error">
                {error}
              </p>
            )}
            <button className="btn btn-primary btn-wide" data-testid="waitlist-finish-submit" disabled={busy}>
              {t("waitlist.finish")}
            </button>
          </form>
        ) : (
          <p className="muted-text small" data-testid="waitlist-polling">
            {t("waitlist.polling")}
          </p>
        )}
      </div>
    </main>
  );
}
