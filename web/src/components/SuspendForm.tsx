// Suspend or unsuspend a member by username (site admins); suspending asks first.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { modApi } from "../api/moderation";
import { usernameInput } from "../format/reports";
import { Field } from "./Field";

/** The suspend / unsuspend form. */
export function SuspendForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (suspend: boolean) => {
    const who = usernameInput(username);
    if (!who) return setError(t("admin.enterUsername"));
    if (suspend && !window.confirm(t("suspend.confirm", { username: who }))) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      await (suspend ? modApi.suspend(who) : modApi.unsuspend(who));
      setResult(suspend ? t("suspend.done", { username: who }) : t("suspend.undone", { username: who }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(true);
  };
  return (
    <form className="card" onSubmit={submit} data-testid="suspend-form">
      <h2>{t("suspend.title")}</h2>
      <div className="row wrap align-end">
        <Field label={t("common.username")} data-testid="suspend-username" value={username} onChange={(e) => setUsername(e.target.value)} />
        <button className="btn danger" data-testid="suspend-submit" disabled={busy}>
          {t("suspend.submit")}
        </button>
        <button type="button" className="btn" data-testid="unsuspend-submit" disabled={busy} onClick={() => void run(false)}>
          {t("suspend.unsuspend")}
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {result && <p data-testid="suspend-result">{result}</p>}
    </form>
  );
}
