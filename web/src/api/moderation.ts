// Typed calls for the moderation log, reports, the admin report queue and suspensions.
import { request } from "./http";
import type { CreateReportRequest } from "../gen/CreateReportRequest";
import type { ModLog } from "../gen/ModLog";
import type { Report } from "../gen/Report";
import type { ReportList } from "../gen/ReportList";
import type { ResolveReportRequest } from "../gen/ResolveReportRequest";

function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Which tab of the queue. */
export type QueueTab = "open" | "resolved";

const admUser = (username: string) => `/api/admin/users/${encodeURIComponent(username)}`;

/** REST calls of the moderation features. */
export const modApi = {
  modLog: (roomId: string, cursor?: string | null, limit = 30) =>
    request<ModLog>("GET", `/api/rooms/${encodeURIComponent(roomId)}/modlog${query({ cursor, limit })}`),
  report: (body: CreateReportRequest) => request<Report>("POST", "/api/reports", body),
  reports: (status: QueueTab, cursor?: string | null, limit = 30) =>
    request<ReportList>("GET", `/api/admin/reports${query({ status, cursor, limit })}`),
  resolve: (id: number, body: ResolveReportRequest) =>
    request<Report>("POST", `/api/admin/reports/${id}/resolve`, body),
  suspend: (username: string) => request<void>("POST", `${admUser(username)}/suspend`),
  unsuspend: (username: string) => request<void>("POST", `${admUser(username)}/unsuspend`),
};
