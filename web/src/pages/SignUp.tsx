// Sign up through an invite link (/invite/:code): shows who invited you, then creates the account.
// Every refused field shows its problem beside it, all at once (the form's own checks, then the
// server's). An invite that cannot be used leads on to signing in or the waitlist.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/endpoints";
import { Avatar } from "../components/Avatar";
import { ErrorPage } from "../components/ErrorPage";
import { Field } from "../components/Field";
import { errorKind, errorPage, type ErrorKind } from "../format/errorPages";
import { hasErrors, normalizeUsername, SIGNUP_TEXT, signupErrorsFrom, validateSignup, type SignupErrors } from "../forms/signup";
import type { InviteCheck } from "../gen/InviteCheck";
import { navigate } from "../router";
import { useAuth } from "../state/auth";

/** The sign-up page. */
export function SignUpPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const [check, setCheck] = useState<InviteCheck | null>(null);
  const [invalid, setInvalid] = useState<ErrorKind | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<SignupErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // After a refused submit, focus goes to the first field with a problem.
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [fieldErrors]);

  useEffect(() => {
    setInvalid(null);
    api.checkInvite(code).then(setCheck, (e: unknown) => setInvalid(errorKind(e, "invite_invalid")));
  }, [code, attempt]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const u = normalizeUsername(username);
    const problems = validateSignup(u, displayName, password);
    setFieldErrors(problems);
    setError(null);
    if (hasErrors(problems)) return;
    setBusy(true);
    try {
      const res = await api.signup({ invite_code: code, username: u, display_name: displayName.trim(), password });
      setMe(res.user);
      navigate("/", true);
    } catch (err) {
      const refused = signupErrorsFrom(err);
      if (errorKind(err, "failed") === "invite_invalid") setInvalid("invite_invalid");
      setFieldErrors(refused.fields);
      setError(refused.form);
      setBusy(false);
    }
  };

  if (invalid) {
    return <ErrorPage page={errorPage(invalid, false)} testId="signup-invalid" onRetry={() => setAttempt((n) => n + 1)} />;
  }
  return (
    <main className="page center" data-testid="signup-page">
      <form className="card narrow" onSubmit={submit} noValidate ref={form}>
        <h1 className="brand-big">{t("signUp.welcome")}</h1>
        <p data-testid="signup-invited-by" className="row">
          {check?.invited_by && <Avatar user={check.invited_by} size={32} />}
          {check === null
            ? t("signUp.checking")
            : check.invited_by
              ? t("signUp.invitedBy", { name: check.invited_by.display_name, username: check.invited_by.username })
              : t("signUp.first")}
        </p>
        <Field
          label={t("common.username")}
          hint={SIGNUP_TEXT.usernameHint}
          error={fieldErrors.username}
          data-testid="signup-username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <Field
          label={t("common.displayName")}
          error={fieldErrors.display_name}
          data-testid="signup-display-name"
          autoComplete="name"
          maxLength={50}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          required
        />
        <Field
          label={t("common.password")}
          hint={SIGNUP_TEXT.passwordHint}
          error={fieldErrors.password}
          data-testid="signup-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {error && (
          <p className="error-text" data-testid="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="btn btn-primary btn-wide" data-testid="signup-submit" disabled={busy || check === null}>
          {t("signUp.submit")}
        </button>
      </form>
    </main>
  );
}
