// The hallway's "friends online" strip: who is shown, in which order, and the room line.
import type { FriendOnline } from "../gen/FriendOnline";
import { locale, t } from "../i18n";

/** Friends in a room first, then the rest; by display name within each group. */
export function orderFriends(friends: FriendOnline[]): FriendOnline[] {
  return friends
    .slice()
    .sort(
      (a, b) =>
        Number(b.room !== null) - Number(a.room !== null) ||
        a.user.display_name.localeCompare(b.user.display_name, locale()),
    );
}

/** "3 friends online", "1 friend online", "Friends online" (none). */
export function friendsTitle(count: number): string {
  if (count === 0) return t("friends.title");
  return t("friends.count", { count });
}
