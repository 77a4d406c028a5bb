// The hallway's "friends online" strip: who is shown, in which order, and the room line.
import type { FriendOnline } from "../gen/FriendOnline";

/** Friends in a room first, then the rest; by display name within each group. */
export function orderFriends(friends: FriendOnline[]): FriendOnline[] {
  return friends
    .slice()
    .sort(
      (a, b) =>
        Number(b.room !== null) - Number(a.room !== null) ||
        a.user.display_name.localeCompare(b.user.display_name),
    );
}

/** "3 friends online", "1 friend online", "Friends online" (none). */
export function friendsTitle(count: number): string {
  if (count === 0) return "Friends online";
  return `${count} ${count === 1 ? "friend" : "friends"} online`;
}
