// The waitlist (/waitlist, no session): reserve a username and name up to 5 members who know you.
import { useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { CopyField } from "../components/CopyField";
import { Field } from "../components/Field";
import { normalizeUsername } from "../forms/signup";
import { MAX_NAMED, parseNamed, validateWaitlist } from "../forms/waitlist";
import type { WaitlistReservation } from "../gen/WaitlistReservation";
import { Link } from "../router";

/** The reserve form, then the reservation's secret link. */
export function WaitlistPage() {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [named, setNamed] = useState<string[]>([""]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<WaitlistReservation | null>(null);

  const setOne = (i: number, v: string) => setNamed((list) => list.map((x, j) => (j === i ? v : x)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const u = normalizeUsername(username);
    const members = parseNamed(named);
    const problem = validateWaitlist(u, displayName, members);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      setDone(await peopleApi.reserve({ username: u, display_name: displayName.trim(), named: members }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <main className="page center" data-testid="waitlist-reserved">
        <div className="card narrow">
          <h1>{t("waitlist.onList")}</h1>
          <p>
            <Trans i18nKey="waitlist.holding" values={{ username: done.status.username }} components={[<strong />]} />
          </p>
          <p className="muted-text small">{t("waitlist.keepLink")}</p>
          <CopyField value={done.url} testId="waitlist-url" label={t("waitlist.yourLink")} />
          <Link href={`/waitlist/${encodeURIComponent(done.token)}`} className="btn btn-primary btn-wide" data-testid="waitlist-status-link">
            {t("waitlist.checkStatus")}
          </Link>
        </div>
      </main>
    );
  }
  return (
    <main className="page center" data-testid="waitlist-page">
      <form className="card narrow" onSubmit={submit}>
        <h1 className="brand-big">{t("waitlist.title")}</h1>
        <p className="muted-text">{t("waitlist.about")}</p>
        <Field label={t("common.username")} hint={t("common.usernameHint")} data-testid="waitlist-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <Field label={t("common.displayName")} data-testid="waitlist-display-name" autoComplete="name" maxLength={50} value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        <fieldset className="named">
          <legend className="field-label">{t("waitlist.named", { max: MAX_NAMED })}</legend>
          {named.map((v, i) => (
            <div className="row" key={i}>
              <input className="grow" placeholder={t("waitlist.theirUsername")} aria-label={t("waitlist.member", { n: i + 1 })} data-testid={`waitlist-named-${i}`} value={v} onChange={(e) => setOne(i, e.target.value)} />
              {named.length > 1 && (
                <button type="button" className="btn btn-small" aria-label={t("common.remove")} onClick={() => setNamed((l) => l.filter((_, j) => j !== i))}>
                  ×
                </button>
              )}
            </div>
          ))}
          {named.length < MAX_NAMED && (
            <button type="button" className="btn btn-small" data-testid="waitlist-add-named" onClick={() => setNamed((l) => [...l, ""])}>
              {t("waitlist.add")}
            </button>
          )}
        </fieldset>
        {error && (
          <p className="error-text" data-testid="form-error">
            {error}
          </p>
        )}
        <button className="btn btn-primary btn-wide" data-testid="waitlist-submit" disabled={busy}>
          {t("waitlist.submit")}
        </button>
        <p className="muted-text small">
          <Trans i18nKey="waitlist.already" components={[<Link href="/" />]} />
        </p>
      </form>
    </main>
  );
}
