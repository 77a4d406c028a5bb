// Routes: /invite/:code (sign-up) is public; everything else needs a session
// (/, /invites, /rooms/:id, people pages in pages/peopleRoutes.tsx), with the sign-in page shown
// in their place when signed out; the waitlist pages are public too. The room session lives
// above the routes (RoomSessionProvider), so browsing keeps me in my room (the mini-player).
import { useTranslation } from "react-i18next";
import { HallwayPage } from "./pages/Hallway";
import { InvitesPage } from "./pages/Invites";
import { RoomPage } from "./pages/Room";
import { SignInPage } from "./pages/SignIn";
import { SignUpPage } from "./pages/SignUp";
import { peoplePage, publicPage } from "./pages/peopleRoutes";
import { communityPage } from "./pages/communityRoutes";
import "./people.css";
import { ErrorPage } from "./components/ErrorPage";
import { MiniPlayer } from "./components/MiniPlayer";
import { errorPage } from "./format/errorPages";
import { RoomAnnouncer } from "./components/RoomAnnouncer";
import { SocketErrors } from "./components/SocketErrors";
import { SuspensionWatch } from "./components/SuspensionWatch";
import { TopBar } from "./components/TopBar";
import { RoomSessionProvider } from "./room/RoomSessionProvider";
import { matchRoute, usePath } from "./router";
import { AuthProvider, useAuth } from "./state/auth";
import { SocketProvider } from "./state/socket";
import { ToastProvider } from "./state/toasts";

function Routes() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const path = usePath();
  const invite = matchRoute("/invite/:code", path);
  if (me === undefined) return <main className="page center muted-text">{t("common.loading")}</main>;
  if (invite && !me) return <SignUpPage code={invite.code ?? ""} />;
  const publicOnly = me ? null : publicPage(path);
  if (publicOnly) return publicOnly;
  if (!me) return <SignInPage />;
  const room = matchRoute("/rooms/:id", path);
  const people = peoplePage(path, me) ?? communityPage(path);
  let page;
  if (room) page = <RoomPage key={room.id} roomId={room.id ?? ""} me={me} />;
  else if (path === "/invites") page = <InvitesPage />;
  else if (people) page = people;
  else if (path === "/" || invite) page = <HallwayPage />;
  else page = <ErrorPage page={errorPage("page_not_found", true)} testId="not-found" />;
  return (
    <>
      <TopBar me={me} />
      {page}
      <MiniPlayer me={me} />
      <RoomAnnouncer me={me.id} />
    </>
  );
}

function Session() {
  const { me } = useAuth();
  return (
    <SocketProvider enabled={!!me}>
      <SocketErrors />
      <SuspensionWatch />
      <RoomSessionProvider>
        <Routes />
      </RoomSessionProvider>
    </SocketProvider>
  );
}

/** The whole client. */
export function App() {
  return (
    <ToastProvider>
      <AuthProvider>
        <Session />
      </AuthProvider>
    </ToastProvider>
  );
}
