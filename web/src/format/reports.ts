// The admin report queue's texts: reasons, statuses, targets and the resolve actions.
import type { Report } from "../gen/Report";
import type { ReportAction } from "../gen/ReportAction";
import type { ReportReason } from "../gen/ReportReason";
import type { ReportStatus } from "../gen/ReportStatus";

const REASON: Record<ReportReason, string> = {
  harassment: "Harassment",
  hate: "Hate speech",
  spam: "Spam",
  impersonation: "Impersonation",
  other: "Other",
};

const STATUS: Record<ReportStatus, string> = {
  open: "Open",
  dismissed: "Dismissed",
  warned: "Warned",
  suspended: "Suspended",
};

const ACTION: Record<ReportAction, string> = { dismiss: "Dismiss", warn: "Warn", suspend: "Suspend" };

/** Short label of a reason. */
export function reasonLabel(r: ReportReason): string {
  return REASON[r];
}

/** Label of a status. */
export function statusLabel(s: ReportStatus): string {
  return STATUS[s];
}

/** Label of an action button. */
export function actionLabel(a: ReportAction): string {
  return ACTION[a];
}

/** The question asked before suspending (null for the actions needing no confirmation). */
export function confirmText(a: ReportAction, report: Report): string | null {
  if (a !== "suspend") return null;
  const who = report.target_user ? `@${report.target_user.username}` : "this member";
  return `Suspend ${who}? They are signed out everywhere, taken out of every room and can't sign in until unsuspended.`;
}

/** What the report is about, in words ("@bob", "the room “Jazz” (by @ada)"). */
export function targetText(report: Report): string {
  const user = report.target_user ? `@${report.target_user.username}` : null;
  if (report.room && user) return `${user} in “${report.room.title}”`;
  if (report.room) return `the room “${report.room.title}”`;
  return user ?? "unknown";
}

/** Trims a username typed in the suspend form ("@Bob " → "bob"); null when empty. */
export function usernameInput(s: string): string | null {
  const u = s.trim().replace(/^@/, "").toLowerCase();
  return u ? u : null;
}
