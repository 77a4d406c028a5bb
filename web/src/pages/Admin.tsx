// Admin tools (/admin, admins only): the report queue link, grant invites to a member, and the
// invite tree.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { Field } from "../components/Field";
import { InviteTreeView } from "../components/InviteTreeView";
import { Link } from "../router";
import { normalizeQuery, parseDepth, parseGrant } from "../format/people";
import type { InviteTree } from "../gen/InviteTree";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Grant invites: a username and a count. */
function GrantForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [count, setCount] = useState("5");
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = parseGrant(count);
    const who = normalizeQuery(username).toLowerCase();
    if (!who) return setError(t("admin.enterUsername"));
    if (n === null) return setError(t("admin.badCount"));
    setError(null);
    setResult(null);
    try {
      const list = await peopleApi.grantInvites(who, n);
      const remaining = list.remaining === null ? t("admin.grantedUnlimited") : t("admin.left", { count: list.remaining });
      setResult(t("admin.granted", { username: who, remaining }));
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <form className="card" onSubmit={submit} data-testid="grant-form">
      <h2>{t("admin.grant")}</h2>
      <div className="row wrap align-end">
        <Field label={t("common.username")} data-testid="grant-username" value={username} onChange={(e) => setUsername(e.target.value)} />
        <Field label={t("admin.howMany")} data-testid="grant-count" inputMode="numeric" size={6} value={count} onChange={(e) => setCount(e.target.value)} />
        <button className="btn btn-primary" data-testid="grant-submit">
          {t("admin.grantSubmit")}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {result && <p data-testid="grant-result">{result}</p>}
    </form>
  );
}

/** The admin page. */
export function AdminPage() {
  const { t } = useTranslation();
  const [root, setRoot] = useState("");
  const [depth, setDepth] = useState("");
  const [tree, setTree] = useState<InviteTree | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async (r: string, d: string) => {
    setError(null);
    try {
      setTree(await peopleApi.inviteTree(normalizeQuery(r).toLowerCase() || null, parseDepth(d)));
    } catch (err) {
      setTree(null);
      setError(message(err));
    }
  }, []);
  useEffect(() => {
    void load("", "");
  }, [load]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(root, depth);
  };
  return (
    <main className="page" data-testid="admin-page">
      <h1 className="visually-hidden">{t("admin.title")}</h1>
      <p>
        <Link href="/admin/reports" className="btn" data-testid="admin-reports-link">
          {t("admin.reportQueue")}
        </Link>
      </p>
      <GrantForm />
      <form className="card" onSubmit={submit}>
        <h2>{t("admin.tree")}</h2>
        <p className="muted-text small">{t("admin.treeAbout")}</p>
        <div className="row wrap align-end">
          <Field label={t("admin.startAt")} data-testid="tree-root" value={root} onChange={(e) => setRoot(e.target.value)} />
          <Field label={t("admin.depth")} data-testid="tree-depth" inputMode="numeric" size={4} placeholder="10" value={depth} onChange={(e) => setDepth(e.target.value)} />
          <button className="btn" data-testid="tree-submit">
            {t("common.show")}
          </button>
        </div>
      </form>
      {error && <p className="error-text">{error}</p>}
      {tree && (
        <section className="card">
          <p className="muted-text small" data-testid="tree-total">
            {t("admin.below", { count: tree.total_descendants, roots: tree.roots.length === 1 ? t("admin.thisRoot") : t("admin.theseRoots") })}
          </p>
          <InviteTreeView roots={tree.roots} />
        </section>
      )}
    </main>
  );
}
