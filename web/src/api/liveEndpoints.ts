// Typed calls for notifications, presence, pings and room kinds (issue 3, "live" side).
import { request } from "./http";
import type { BlockList } from "../gen/BlockList";
import type { FriendsOnline } from "../gen/FriendsOnline";
import type { MarkReadRequest } from "../gen/MarkReadRequest";
import type { NotificationList } from "../gen/NotificationList";
import type { RoomKind } from "../gen/RoomKind";
import type { RoomSummary } from "../gen/RoomSummary";
import type { UnreadCount } from "../gen/UnreadCount";
import type { UserSearch } from "../gen/UserSearch";

function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

const room = (id: string) => `/api/rooms/${encodeURIComponent(id)}`;

/** REST calls of the notification bell, friends online, the ping dialog and room kinds. */
export const liveApi = {
  notifications: (cursor?: string | null, limit?: number) =>
    request<NotificationList>("GET", `/api/notifications${query({ cursor, limit })}`),
  markRead: (body: MarkReadRequest) => request<UnreadCount>("POST", "/api/notifications/read", body),
  friendsOnline: () => request<FriendsOnline>("GET", "/api/me/friends-online"),
  blocks: () => request<BlockList>("GET", "/api/me/blocks"),
  searchUsers: (q: string, limit = 8) => request<UserSearch>("GET", `/api/users${query({ q, limit })}`),
  ping: (roomId: string, username: string) => request<void>("POST", `${room(roomId)}/pings`, { username }),
  setRoomKind: (roomId: string, kind: RoomKind) => request<RoomSummary>("PATCH", room(roomId), { kind }),
};
