// Member lists and search: the search query, "load more" pages, and the admin invite tree.
import type { InviteTreeNode } from "../gen/InviteTreeNode";
import type { UserSummary } from "../gen/UserSummary";

/** Longest query the server accepts. */
export const QUERY_MAX = 30;

/** The query as sent: trimmed, without a leading @, at most 30 characters ("" = don't search). */
export function normalizeQuery(raw: string): string {
  return Array.from(raw.trim().replace(/^@+/, "").trim()).slice(0, QUERY_MAX).join("");
}

/** The search page's path for `q`. */
export function searchPath(q: string): string {
  return q ? `/search?q=${encodeURIComponent(q)}` : "/search";
}

/** `q` from a `?q=` query string. */
export function queryFromSearch(search: string): string {
  return new URLSearchParams(search).get("q") ?? "";
}

/** `list` with `page` appended, skipping members already listed (pages may overlap after follows). */
export function appendPage(list: UserSummary[], page: UserSummary[]): UserSummary[] {
  const seen = new Set(list.map((u) => u.id));
  return [...list, ...page.filter((u) => !seen.has(u.id) && (seen.add(u.id), true))];
}

/** Members below `node` at all depths. */
export function descendantCount(node: InviteTreeNode): number {
  return node.invited.reduce((n, c) => n + 1 + descendantCount(c), 0);
}

/** The tree depth field as sent: 1–20, or undefined (server default) when blank or not a number. */
export function parseDepth(raw: string): number | undefined {
  const n = Number.parseInt(raw, 10);
  if (Number.isNaN(n)) return undefined;
  return Math.min(20, Math.max(1, n));
}

/** Number of invites to grant: 1–1000, or null when the field is not such a number. */
export function parseGrant(raw: string): number | null {
  if (!/^\s*\d+\s*$/.test(raw)) return null;
  const n = Number.parseInt(raw, 10);
  return n >= 1 && n <= 1000 ? n : null;
}
