// The report dialog's form: the five reasons with their labels, validation mirroring the server
// (details at most 1000 characters; "other" needs a word of explanation), the request body and
// the texts shown after sending.
import { ApiError } from "../api/http";
import type { CreateReportRequest } from "../gen/CreateReportRequest";
import type { ReportReason } from "../gen/ReportReason";

/** The reasons, in the order the dialog lists them. */
export const REPORT_REASONS: readonly { reason: ReportReason; label: string }[] = [
  { reason: "harassment", label: "Harassment or bullying" },
  { reason: "hate", label: "Hate speech" },
  { reason: "spam", label: "Spam or scams" },
  { reason: "impersonation", label: "Pretending to be someone else" },
  { reason: "other", label: "Something else" },
];

/** The server's limit on the details. */
export const MAX_DETAILS = 1000;

/** What is reported: a member (by username) or a room. */
export type ReportTarget = { username: string } | { room_id: string };

/** Why the form cannot be sent, or null when it can. */
export function validateReport(reason: ReportReason | null, details: string): string | null {
  if (!reason) return "Choose a reason.";
  if ([...details.trim()].length > MAX_DETAILS) return `Details can be at most ${MAX_DETAILS} characters.`;
  if (reason === "other" && !details.trim()) return "Say briefly what is wrong.";
  return null;
}

/** The `POST /api/reports` body. */
export function reportRequest(target: ReportTarget, reason: ReportReason, details: string): CreateReportRequest {
  return { ...target, reason, details: details.trim() };
}

/** Shown once the report was filed. */
export const REPORT_THANKS = "Thanks — an admin will look at it";

/** The error shown when sending failed. */
export function reportErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === "rate_limited") return "You've sent a lot of reports recently. Please try again later.";
    if (e.code === "not_found") return "That member or room no longer exists.";
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** "312 / 1000" under the details box. */
export function detailsCount(details: string): string {
  return `${[...details].length} / ${MAX_DETAILS}`;
}
