// The hallway (/): live rooms, kept current over the socket, and a form to start one.
import { useTranslation } from "react-i18next";
import { FriendsOnline } from "../components/FriendsOnline";
import { RoomCard } from "../components/RoomCard";
import { StartRoomForm } from "../components/StartRoomForm";
import { UpcomingEvents } from "../components/UpcomingEvents";
import { useHallway } from "../state/useHallway";

/** The home page. */
export function HallwayPage() {
  const { t } = useTranslation();
  const { rooms, error } = useHallway();
  return (
    <main className="page" data-testid="hallway">
      <h1 className="visually-hidden">{t("hallway.title")}</h1>
      <FriendsOnline />
      <StartRoomForm />
      <h2 className="section-title">{t("hallway.liveNow")}</h2>
      {error && <p className="error-text">{error}</p>}
      {rooms === null ? (
        <p className="muted-text">{t("common.loading")}</p>
      ) : rooms.length === 0 ? (
        <p className="muted-text" data-testid="hallway-empty">
          {t("hallway.empty")}
        </p>
      ) : (
        <div className="room-list">
          {rooms.map((r) => (
            <RoomCard key={r.id} room={r} />
          ))}
        </div>
      )}
      <UpcomingEvents />
    </main>
  );
}
