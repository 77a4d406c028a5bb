// The REST calls of the moderation log, reports, the admin report queue and suspensions, by
// the names the pages use.
import * as gen from "../gen/api";
import type { ResolveReportRequest } from "../gen/ResolveReportRequest";

/** Which tab of the queue. */
export type QueueTab = "open" | "resolved";

/** REST calls of the moderation features. */
export const modApi = {
  modLog: (roomId: string, cursor?: string | null, limit = 30) => gen.roomModLog(roomId, { cursor, limit }),
  report: gen.createReport,
  reports: (status: QueueTab, cursor?: string | null, limit = 30) => gen.reportQueue({ status, cursor, limit }),
  reportCount: gen.reportCount,
  resolve: (id: number, body: ResolveReportRequest) => gen.resolveReport(id, body),
  suspend: (username: string) => gen.suspendMember(username),
  unsuspend: (username: string) => gen.unsuspendMember(username),
};
