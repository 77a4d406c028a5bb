// Sign up through an invite link (/invite/:code): shows who invited you, then creates the account.
import { useEffect, useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import { Field } from "../components/Field";
import { normalizeUsername, validateSignup } from "../forms/signup";
import type { InviteCheck } from "../gen/InviteCheck";
import { Avatar } from "../components/Avatar";
import { navigate } from "../router";
import { useAuth } from "../state/auth";

/** The sign-up page. */
export function SignUpPage({ code }: { code: string }) {
  const { setMe } = useAuth();
  const [check, setCheck] = useState<InviteCheck | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.checkInvite(code).then(setCheck, (e: unknown) => setInvalid(e instanceof Error ? e.message : String(e)));
  }, [code]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const u = normalizeUsername(username);
    const problem = validateSignup(u, displayName, password);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      const res = await api.signup({ invite_code: code, username: u, display_name: displayName.trim(), password });
      setMe(res.user);
      navigate("/", true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  if (invalid) {
    return (
      <main className="page center" data-testid="signup-invalid">
        <div className="card narrow">
          <h2>This invite can't be used</h2>
          <p>{invalid}</p>
        </div>
      </main>
    );
  }
  return (
    <main className="page center" data-testid="signup-page">
      <form className="card narrow" onSubmit={submit}>
        <h1 className="brand-big">Welcome to Stoa</h1>
        <p data-testid="signup-invited-by" className="row">
          {check?.invited_by && <Avatar user={check.invited_by} size={32} />}
          {check === null
            ? "Checking your invite…"
            : check.invited_by
              ? `${check.invited_by.display_name} (@${check.invited_by.username}) invited you.`
              : "You're the first member. Welcome!"}
        </p>
        <Field label="Username" hint="2–30 characters: a–z, 0–9, _" data-testid="signup-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <Field label="Display name" data-testid="signup-display-name" autoComplete="name" maxLength={50} value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        <Field label="Password" hint="At least 8 characters" data-testid="signup-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {error && <p className="error-text" data-testid="form-error">{error}</p>}
        <button className="btn btn-primary btn-wide" data-testid="signup-submit" disabled={busy || check === null}>
          Create my account
        </button>
      </form>
    </main>
  );
}
