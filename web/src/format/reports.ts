// The admin report queue's texts: reasons, statuses, targets and the resolve actions.
import type { Report } from "../gen/Report";
import type { ReportAction } from "../gen/ReportAction";
import type { ReportReason } from "../gen/ReportReason";
import type { ReportStatus } from "../gen/ReportStatus";
import { t } from "../i18n";

/** Short label of a reason. */
export function reasonLabel(r: ReportReason): string {
  return t(`reports.reason.${r}`);
}

/** Label of a status. */
export function statusLabel(s: ReportStatus): string {
  return t(`reports.status.${s}`);
}

/** Label of an action button. */
export function actionLabel(a: ReportAction): string {
  return t(`reports.action.${a}`);
}

/** The question asked before suspending (null for the actions needing no confirmation). */
export function confirmText(a: ReportAction, report: Report): string | null {
  if (a !== "suspend") return null;
  const who = report.target_user ? `@${report.target_user.username}` : t("reports.thisMember");
  return t("reports.confirmSuspend", { who });
}

/** What the report is about, in words ("@bob", "the room “Jazz” (by @ada)"). */
export function targetText(report: Report): string {
  const user = report.target_user ? `@${report.target_user.username}` : null;
  if (report.room && user) return t("reports.targetInRoom", { user, title: report.room.title });
  if (report.room) return t("reports.targetRoom", { title: report.room.title });
  return user ?? t("reports.unknown");
}

/** Trims a username typed in the suspend form ("@Bob " → "bob"); null when empty. */
export function usernameInput(s: string): string | null {
  const u = s.trim().replace(/^@/, "").toLowerCase();
  return u ? u : null;
}
