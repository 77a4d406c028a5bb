// The report dialog's form: the five reasons with their labels, validation mirroring the server
// (details at most 1000 characters; "other" needs a word of explanation), the request body and
// the texts shown after sending.
import { ApiError } from "../api/http";
import type { CreateReportRequest } from "../gen/CreateReportRequest";
import type { ReportReason } from "../gen/ReportReason";
import { t } from "../i18n";

/** The reasons, in the order the dialog lists them. */
export const REPORT_REASONS: readonly ReportReason[] = ["harassment", "hate", "spam", "impersonation", "other"];

/** A reason as the dialog lists it ("Harassment or bullying"). */
export function reasonChoice(reason: ReportReason): string {
  return t(`report.reasons.${reason}`);
}

/** The server's limit on the details. */
export const MAX_DETAILS = 1000;

/** What is reported: a member (by username) or a room. */
export type ReportTarget = { username: string } | { room_id: string };

/** Why the form cannot be sent, or null when it can. */
export function validateReport(reason: ReportReason | null, details: string): string | null {
  if (!reason) return t("report.errors.reason");
  if ([...details.trim()].length > MAX_DETAILS) return t("report.errors.tooLong", { max: MAX_DETAILS });
  if (reason === "other" && !details.trim()) return t("report.errors.explain");
  return null;
}

/** The `POST /api/reports` body. */
export function reportRequest(target: ReportTarget, reason: ReportReason, details: string): CreateReportRequest {
  return { ...target, reason, details: details.trim() };
}

/** Shown once the report was filed. */
export function reportThanks(): string {
  return t("report.thanks");
}

/** The error shown when sending failed. */
export function reportErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === "rate_limited") return t("report.errors.rate_limited");
    if (e.code === "not_found") return t("report.errors.not_found");
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** "312 / 1000" under the details box. */
export function detailsCount(details: string): string {
  return `${[...details].length} / ${MAX_DETAILS}`;
}
