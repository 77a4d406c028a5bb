// The hallway strip of followed members online right now, each with the room they are in
// (a link that joins it). Live from the socket's `friends_online`; REST seeds it until then.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { liveApi } from "../api/liveEndpoints";
import { friendsTitle, orderFriends } from "../format/friends";
import { Link } from "../router";
import { useLive, useLiveStore } from "../state/live";
import { Avatar } from "./Avatar";

/** The strip (renders nothing until known, and a hint when nobody is online). */
export function FriendsOnline() {
  const { t } = useTranslation();
  const store = useLiveStore();
  const { friends } = useLive();
  useEffect(() => {
    if (!store || store.snapshot.friends !== null) return;
    liveApi.friendsOnline().then(
      (f) => store.seedFriends(f.friends),
      () => undefined, // the socket will tell us; nothing to show meanwhile
    );
  }, [store]);
  if (friends === null) return null;
  return (
    <section className="friends" data-testid="friends-online">
      <h2 className="h3">{friendsTitle(friends.length)}</h2>
      {friends.length === 0 ? (
        <p className="muted-text small">{t("friends.nobody")}</p>
      ) : (
        <ul className="friends-list">
          {orderFriends(friends).map((f) => (
            <li key={f.user.id} className="friend" data-testid={`friend-${f.user.username}`}>
              <Link href={`/users/${encodeURIComponent(f.user.username)}`} className="friend-user">
                <span className="friend-avatar">
                  <Avatar user={f.user} size={44} />
                  <span className="online-dot" aria-hidden />
                </span>
                <span className="friend-name">{f.user.display_name}</span>
              </Link>
              {f.room && (
                <Link href={`/rooms/${encodeURIComponent(f.room.id)}`} className="friend-room" data-testid="friend-room" title={f.room.title}>
                  {t("friends.inRoom", { title: f.room.title })}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
