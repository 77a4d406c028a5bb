// The top bar's "Waiting" link with the number of people waiting for a wave.
import { useTranslation } from "react-i18next";
import { waitingCount } from "../format/waitlist";
import { Link } from "../router";
import { useWaiting } from "../state/useWaiting";
import { WaitingIcon } from "./NavIcons";

/** The nav link; `className` as the other nav links. */
export function WaitingLink({ className }: { className: string }) {
  const { t } = useTranslation();
  const { entries } = useWaiting();
  const n = entries ? waitingCount(entries) : 0;
  return (
    <Link href="/waiting" className={className} data-testid="nav-waiting" title={t("nav.waitingTitle")}>
      <WaitingIcon />
      <span className="nav-label">{t("nav.waiting")}</span>
      {n > 0 && (
        <span className="count" data-testid="waiting-count">
          {n}
        </span>
      )}
    </Link>
  );
}
