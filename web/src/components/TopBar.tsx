// The header: brand, navigation, who is signed in, sign out. On small screens the navigation
// is a bar at the bottom of the screen (icons with labels, plus Search) and the header keeps the
// brand, the bell, my avatar and "Sign out" (phone.css).
import { useTranslation } from "react-i18next";
import type { Profile } from "../gen/Profile";
import { Link, navigate, usePath } from "../router";
import { useAuth } from "../state/auth";
import { useReportCount } from "../state/useReportCount";
import { Avatar } from "./Avatar";
import { AdminIcon, ClubsIcon, HomeIcon, InviteIcon, SearchIcon } from "./NavIcons";
import { NotificationBell } from "./NotificationBell";
import { SearchBox } from "./SearchBox";
import { WaitingLink } from "./WaitingLink";

/** The app header for signed-in members. */
export function TopBar({ me }: { me: Profile }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  const path = usePath();
  const openReports = useReportCount(me.is_admin);
  const cls = (href: string) => (path === href || (href !== "/" && path.startsWith(`${href}/`)) ? "nav-link active" : "nav-link");
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        Stoa
      </Link>
      <nav className="app-nav" aria-label={t("nav.main")}>
        <Link href="/" className={cls("/")} data-testid="nav-hallway">
          <HomeIcon />
          <span className="nav-label">{t("nav.hallway")}</span>
        </Link>
        <Link href="/clubs" className={cls("/clubs")} data-testid="nav-clubs">
          <ClubsIcon />
          <span className="nav-label">{t("nav.clubs")}</span>
        </Link>
        <Link href="/search" className={`${cls("/search")} nav-small-only`} data-testid="nav-search">
          <SearchIcon />
          <span className="nav-label">{t("nav.search")}</span>
        </Link>
        <Link href="/invites" className={cls("/invites")} data-testid="nav-invites">
          <InviteIcon />
          <span className="nav-label">{t("nav.invites")}</span>
        </Link>
        <WaitingLink className={cls("/waiting")} />
        {me.is_admin && (
          <Link href="/admin" className={cls("/admin")} data-testid="nav-admin" title={t("nav.adminTitle")}>
            <AdminIcon />
            <span className="nav-label">{t("nav.admin")}</span>
            {!!openReports && (
              <span className="count" data-testid="nav-admin-reports" title={t("nav.openReports", { count: openReports })}>
                {openReports}
              </span>
            )}
          </Link>
        )}
      </nav>
      <span className="grow" />
      <SearchBox />
      <NotificationBell />
      <Link href={`/users/${encodeURIComponent(me.username)}`} className="me" data-testid="me" data-username={me.username} title={t("nav.yourProfile")}>
        <Avatar user={me} size={28} src={me.avatar_url} />
        <span className="me-name">{me.display_name}</span>
      </Link>
      <button
        type="button"
        className="btn btn-small"
        data-testid="sign-out"
        onClick={() => void signOut().then(() => navigate("/", true))}
      >
        {t("nav.signOut")}
      </button>
    </header>
  );
}
