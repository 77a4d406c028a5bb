// The admins' report queue (/admin/reports): open reports (oldest first) and resolved ones
// (newest first) with "Load more", each actionable while open; plus suspend / unsuspend.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { modApi, type QueueTab } from "../api/moderation";
import { ReportCard } from "../components/ReportCard";
import { SuspendForm } from "../components/SuspendForm";
import type { Report } from "../gen/Report";
import { Link } from "../router";
import { reportsChanged, useReportCount } from "../state/useReportCount";

/** The report queue page. */
export function AdminReportsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<QueueTab>("open");
  const [reports, setReports] = useState<Report[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const openCount = useReportCount(true);

  const load = useCallback(async (which: QueueTab, from: string | null) => {
    setBusy(true);
    try {
      const page = await modApi.reports(which, from);
      setReports((prev) => (from ? [...prev, ...page.reports.filter((r) => !prev.some((p) => p.id === r.id))] : page.reports));
      setCursor(page.next_cursor);
      setError(null);
      setNow(Date.now());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    setReports([]);
    setCursor(null);
    void load(tab, null);
  }, [tab, load]);

  // A resolved report leaves the open tab (others about the same member may have gone too).
  const resolved = (r: Report) => {
    setReports((prev) => prev.map((p) => (p.id === r.id ? r : p)));
    void load(tab, null);
    reportsChanged();
  };

  const tabButton = (t: QueueTab, label: string) => (
    <button type="button" className={tab === t ? "tab active" : "tab"} aria-pressed={tab === t} data-testid={`reports-tab-${t}`} onClick={() => setTab(t)}>
      {label}
    </button>
  );

  return (
    <main className="page" data-testid="admin-reports-page">
      <p>
        <Link href="/admin">{t("reports.back")}</Link>
      </p>
      <h1>{t("reports.title")}</h1>
      <div className="row counts">
        {tabButton("open", openCount === null ? t("reports.open") : t("reports.openCount", { count: openCount }))}
        {tabButton("resolved", t("reports.resolved"))}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {!busy && reports.length === 0 && !error && (
        <p className="muted-text" data-testid="reports-empty">
          {tab === "open" ? t("reports.noOpen") : t("reports.noResolved")}
        </p>
      )}
      <ul className="report-list" data-testid="report-list">
        {reports.map((r) => (
          <ReportCard key={r.id} report={r} now={now} onResolved={resolved} />
        ))}
      </ul>
      {cursor && (
        <button type="button" className="btn" data-testid="reports-more" disabled={busy} onClick={() => void load(tab, cursor)}>
          {t("common.loadMore")}
        </button>
      )}
      <SuspendForm />
    </main>
  );
}
