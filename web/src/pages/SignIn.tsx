// Sign in with username and password.
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/endpoints";
import { Field } from "../components/Field";
import { signInErrorText } from "../forms/signin";
import { Link } from "../router";
import { useAuth } from "../state/auth";
import { onSuspendedNotice, setSuspendedNotice, suspendedNotice, suspendedText } from "../state/suspension";

/** The sign-in page (shown for any page while signed out, except sign-up). */
export function SignInPage() {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const suspended = useSyncExternalStore(onSuspendedNotice, suspendedNotice);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.login({ username: username.trim(), password });
      setSuspendedNotice(false);
      setMe(res.user);
    } catch (err) {
      setError(signInErrorText(err));
      setBusy(false);
    }
  };
  return (
    <main className="page center" data-testid="signin-page">
      <form className="card narrow" onSubmit={submit}>
        <h1 className="brand-big">Stoa</h1>
        <p className="muted-text">{t("signIn.tagline")}</p>
        {suspended && (
          <p className="banner warn" role="alert" data-testid="suspended-notice">
            {suspendedText()}
          </p>
        )}
        <Field label={t("common.username")} data-testid="signin-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <Field label={t("common.password")} data-testid="signin-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {error && <p className="error-text" data-testid="form-error">{error}</p>}
        <button className="btn btn-primary btn-wide" data-testid="signin-submit" disabled={busy}>
          {t("signIn.submit")}
        </button>
        <p className="muted-text small">{t("signIn.askForInvite")}</p>
        <p className="small">
          <Link href="/waitlist" data-testid="waitlist-link">
            {t("signIn.waitlistLink")}
          </Link>
        </p>
      </form>
    </main>
  );
}
