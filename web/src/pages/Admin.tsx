// Admin tools (/admin, admins only): the report queue link, grant invites to a member, and the
// invite tree.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { peopleApi } from "../api/people";
import { Field } from "../components/Field";
import { InviteTreeView } from "../components/InviteTreeView";
import { Link } from "../router";
import { normalizeQuery, parseDepth, parseGrant } from "../format/people";
import { remainingText } from "../format/invites";
import type { InviteTree } from "../gen/InviteTree";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Grant invites: a username and a count. */
function GrantForm() {
  const [username, setUsername] = useState("");
  const [count, setCount] = useState("5");
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = parseGrant(count);
    const who = normalizeQuery(username).toLowerCase();
    if (!who) return setError("Enter a username.");
    if (n === null) return setError("Count: a whole number from 1 to 1000.");
    setError(null);
    setResult(null);
    try {
      const list = await peopleApi.grantInvites(who, n);
      setResult(`@${who}: ${remainingText(list.remaining).replace(/^You can/, "Can")}`);
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <form className="card" onSubmit={submit} data-testid="grant-form">
      <h2>Grant invites</h2>
      <div className="row wrap align-end">
        <Field label="Username" data-testid="grant-username" value={username} onChange={(e) => setUsername(e.target.value)} />
        <Field label="How many" data-testid="grant-count" inputMode="numeric" size={6} value={count} onChange={(e) => setCount(e.target.value)} />
        <button className="btn btn-primary" data-testid="grant-submit">
          Grant
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {result && <p data-testid="grant-result">{result}</p>}
    </form>
  );
}

/** The admin page. */
export function AdminPage() {
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
      <h1 className="visually-hidden">Admin</h1>
      <p>
        <Link href="/admin/reports" className="btn" data-testid="admin-reports-link">
          Report queue
        </Link>
      </p>
      <GrantForm />
      <form className="card" onSubmit={submit}>
        <h2>Invite tree</h2>
        <p className="muted-text small">Who brought in whom. Leave the username empty to start from the members nobody nominated.</p>
        <div className="row wrap align-end">
          <Field label="Start at (username)" data-testid="tree-root" value={root} onChange={(e) => setRoot(e.target.value)} />
          <Field label="Depth" data-testid="tree-depth" inputMode="numeric" size={4} placeholder="10" value={depth} onChange={(e) => setDepth(e.target.value)} />
          <button className="btn" data-testid="tree-submit">
            Show
          </button>
        </div>
      </form>
      {error && <p className="error-text">{error}</p>}
      {tree && (
        <section className="card">
          <p className="muted-text small" data-testid="tree-total">
            {tree.total_descendants} {tree.total_descendants === 1 ? "member" : "members"} below {tree.roots.length === 1 ? "this root" : "these roots"}
          </p>
          <InviteTreeView roots={tree.roots} />
        </section>
      )}
    </main>
  );
}
