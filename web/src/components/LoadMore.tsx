// The "Load more" button under a paged list.
import { useTranslation } from "react-i18next";

/** Shown only while there is a next page (`cursor`). */
export function LoadMore({ cursor, busy, load }: { cursor: string | null; busy: boolean; load(from: string): Promise<void> }) {
  const { t } = useTranslation();
  if (!cursor) return null;
  return (
    <button type="button" className="btn btn-small load-more" data-testid="load-more" disabled={busy} onClick={() => void load(cursor)}>
      {busy ? t("common.loading") : t("common.loadMore")}
    </button>
  );
}
