// Sign in with username and password.
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { api } from "../api/endpoints";
import { Field } from "../components/Field";
import { signInErrorText } from "../forms/signin";
import { Link } from "../router";
import { useAuth } from "../state/auth";
import { onSuspendedNotice, setSuspendedNotice, SUSPENDED_TEXT, suspendedNotice } from "../state/suspension";

/** The sign-in page (shown for any page while signed out, except sign-up). */
export function SignInPage() {
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
        <p className="muted-text">Live conversations, by invitation.</p>
        {suspended && (
          <p className="banner warn" role="alert" data-testid="suspended-notice">
            {SUSPENDED_TEXT}
          </p>
        )}
        <Field label="Username" data-testid="signin-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <Field label="Password" data-testid="signin-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {error && <p className="error-text" data-testid="form-error">{error}</p>}
        <button className="btn btn-primary btn-wide" data-testid="signin-submit" disabled={busy}>
          Sign in
        </button>
        <p className="muted-text small">New here? Ask a member for an invite link.</p>
        <p className="small">
          <Link href="/waitlist" data-testid="waitlist-link">
            No invite? Join the waitlist
          </Link>
        </p>
      </form>
    </main>
  );
}
