// The moderation log of a room, for its moderators: loaded from GET /api/rooms/{id}/modlog
// (newest first, "Load more" with the cursor) and merged with the entries arriving live.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { modApi } from "../api/moderation";
import type { ModLogEntry } from "../gen/ModLogEntry";
import { mergeModLog, modLogLine } from "../room/modlog";

interface Props {
  roomId: string;
  /** Entries received live over the socket (newest first). */
  live: ModLogEntry[];
}

const TICK_MS = 30_000;

/** The collapsible log panel. */
export function ModLogPanel({ roomId, live }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  const [loaded, setLoaded] = useState<ModLogEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(
    async (from: string | null) => {
      setBusy(true);
      try {
        const page = await modApi.modLog(roomId, from);
        setLoaded((prev) => mergeModLog(prev, page.entries));
        setCursor(page.next_cursor);
        setError(null);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setBusy(false);
      }
    },
    [roomId],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(t);
  }, []);

  const entries = mergeModLog(live, loaded);
  return (
    <section className="card modlog" aria-label={t("modlog.title")} data-testid="modlog-panel">
      <div className="row">
        <h2 className="h3 grow">{t("modlog.title")}</h2>
        <button type="button" className="btn btn-small" aria-expanded={open} data-testid="modlog-toggle" onClick={() => setOpen(!open)}>
          {open ? t("common.hide") : t("common.show")}
        </button>
      </div>
      {open && (
        <>
          {entries.length === 0 && !busy && <p className="muted-text small">{t("modlog.empty")}</p>}
          <ul className="modlog-list" data-testid="modlog-list">
            {entries.map((e) => (
              <li key={e.id} data-testid="modlog-entry" data-action={e.action}>
                {modLogLine(e, now)}
              </li>
            ))}
          </ul>
          {error && <p className="error-text small">{error}</p>}
          {cursor && (
            <button type="button" className="btn btn-small" data-testid="modlog-more" disabled={busy} onClick={() => void load(cursor)}>
              {t("common.loadMore")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
