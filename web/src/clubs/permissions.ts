// Who sees which club controls (the server enforces the same rules): editing, requests, roles,
// removing members, the join/leave button, and starting or scheduling club rooms.
import type { ClubJoinPolicy } from "../gen/ClubJoinPolicy";
import type { ClubMembership } from "../gen/ClubMembership";
import type { ClubRole } from "../gen/ClubRole";
import type { ClubSummary } from "../gen/ClubSummary";
import { t } from "../i18n";

type Role = ClubRole | null | undefined;

/** Founder and admins manage the club (edit, requests, roles, removals). */
export function manages(role: Role): boolean {
  return role === "founder" || role === "admin";
}

/** Founder, admins and leaders may start and schedule club rooms. */
export function leads(role: Role): boolean {
  return role === "founder" || role === "admin" || role === "leader";
}

/** "Founder", "Admin", "Leader", "Member". */
export function roleLabel(role: ClubRole): string {
  return t(`club.roles.${role}`);
}

/**
 * The roles `viewer` may give `target` (empty: no role menu). Admins name leaders and members;
 * only the founder names or demotes admins; the founder's role never changes.
 */
export function assignableRoles(viewer: Role, target: ClubRole): ClubRole[] {
  if (target === "founder" || !manages(viewer)) return [];
  if (viewer === "founder") return ["admin", "leader", "member"];
  if (target === "admin") return [];
  return ["leader", "member"];
}

/** `viewer` may remove `target`: managers remove leaders and members; only the founder removes admins. */
export function canRemove(viewer: Role, target: ClubRole): boolean {
  if (target === "founder" || !manages(viewer)) return false;
  return target !== "admin" || viewer === "founder";
}

/** The membership button: what it says and does. */
export type MembershipButton = { action: "join" | "pending" | "leave" | "none"; label: string };

/** The join/leave button for the viewer (the founder cannot leave). */
export function membershipButton(m: ClubMembership, policy: ClubJoinPolicy): MembershipButton {
  if (m.role === "founder") return { action: "none", label: "" };
  if (m.role) return { action: "leave", label: t("club.leave") };
  if (m.request_pending) return { action: "pending", label: t("club.pending") };
  return { action: "join", label: policy === "approval" ? t("club.ask") : t("club.join") };
}

/** The clubs in which the viewer may start or schedule rooms. */
export function ledClubs(clubs: ClubSummary[]): ClubSummary[] {
  return clubs.filter((c) => leads(c.membership.role));
}

/** "1 member" / "12 members". */
export function memberCount(n: number): string {
  return t("clubs.members", { count: n });
}

/** The club page's path. */
export function clubPath(id: number | string): string {
  return `/clubs/${encodeURIComponent(String(id))}`;
}
