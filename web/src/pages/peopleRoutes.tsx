// The routes of the people pages: public waitlist pages, and for members the profile, edit
// profile, search, blocks, waiting-for-you and admin pages.
import { useEffect, type ReactNode } from "react";
import { nextPath } from "../forms/signin";
import type { Profile } from "../gen/Profile";
import { matchRoute, navigate } from "../router";
import { AdminPage } from "./Admin";
import { AdminReportsPage } from "./AdminReports";
import { BlocksPage } from "./Blocks";
import { EditProfilePage } from "./EditProfile";
import { ProfilePage } from "./Profile";
import { SearchPage } from "./Search";
import { WaitingPage } from "./Waiting";
import { WaitlistPage } from "./Waitlist";
import { WaitlistStatusPage } from "./WaitlistStatus";

/** Replaces the current entry with `to` once rendered. */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}

/** The waitlist pages, which need no session (null for any other path). */
export function publicPage(path: string): ReactNode | null {
  if (path === "/waitlist") return <WaitlistPage />;
  const w = matchRoute("/waitlist/:token", path);
  if (w) return <WaitlistStatusPage key={w.token} token={w.token ?? ""} />;
  return null;
}

/** The member-only people pages (null for any other path). */
export function peoplePage(path: string, me: Profile): ReactNode | null {
  const user = matchRoute("/users/:username", path);
  if (user) return <ProfilePage key={user.username} username={user.username ?? ""} me={me} />;
  if (path === "/settings/profile") return <EditProfilePage key={me.id} me={me} />;
  if (path === "/search") return <SearchPage />;
  if (path === "/blocks") return <BlocksPage />;
  if (path === "/waiting") return <WaitingPage />;
  if (path === "/admin") return me.is_admin ? <AdminPage /> : <Redirect to="/" />;
  if (path === "/admin/reports") return me.is_admin ? <AdminReportsPage /> : <Redirect to="/" />;
  if (path === "/signin") return <Redirect to={nextPath(location.search)} />;
  return publicPage(path);
}
