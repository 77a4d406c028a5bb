// A page that could not show what was asked for: a heading, a sentence and the ways onward
// (texts and ways from format/errorPages.ts).
import { useTranslation } from "react-i18next";
import type { ErrorPageContent } from "../format/errorPages";
import { WAYS } from "../format/errorPages";
import { Link } from "../router";
import { useAuth } from "../state/auth";

interface Props {
  /** What to say (`kind` goes into `data-error`). */
  page: Omit<ErrorPageContent, "kind"> & { kind?: ErrorPageContent["kind"] };
  /** Goes into `data-reason` (the room notices' reason). */
  reason?: string;
  /** `data-testid` of the page. */
  testId: string;
  /** Loads again (the `retry` way); without it that way is left out. */
  onRetry?(): void;
}

/** The error page. */
export function ErrorPage({ page, reason, testId, onRetry }: Props) {
  // Re-renders on a language change (the ways' labels are translated).
  useTranslation();
  const { setMe } = useAuth();
  const ways = page.ways.filter((w) => w !== "retry" || onRetry);
  // The session ended on the server: forget it here too, so "Sign in" shows the sign-in page.
  const onWay = (way: string) => (way === "sign_in" && page.kind === "signed_out" ? () => setMe(null) : undefined);
  return (
    <main className="page center" data-testid={testId} data-error={page.kind} data-reason={reason}>
      <div className="card narrow error-page">
        <h1 data-testid="error-title">{page.title}</h1>
        <p data-testid="error-text">{page.text}</p>
        <div className="row wrap">
          {ways.map((way, i) => {
            const { href, label } = WAYS[way];
            const cls = i === 0 ? "btn btn-primary" : "btn";
            return href === null ? (
              <button key={way} type="button" className={cls} data-testid={`error-way-${way}`} onClick={onRetry}>
                {label}
              </button>
            ) : (
              <Link key={way} href={href} className={cls} data-testid={`error-way-${way}`} onClick={onWay(way)}>
                {label}
              </Link>
            );
          })}
        </div>
      </div>
    </main>
  );
}
