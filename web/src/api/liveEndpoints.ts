// The REST calls of notifications, presence, pings and room kinds, by the names the pages use.
import * as gen from "../gen/api";
import type { MarkReadRequest } from "../gen/MarkReadRequest";
import type { RoomKind } from "../gen/RoomKind";

/** REST calls of the notification bell, friends online, the ping dialog and room kinds. */
export const liveApi = {
  notifications: (cursor?: string | null, limit?: number) => gen.notifications({ cursor, limit }),
  markRead: (body: MarkReadRequest) => gen.markNotificationsRead(body),
  friendsOnline: gen.friendsOnline,
  blocks: gen.myBlocks,
  searchUsers: (q: string, limit = 8) => gen.searchMembers({ q, limit }),
  ping: (roomId: string, username: string) => gen.pingIntoRoom(roomId, { username }),
  setRoomKind: (roomId: string, kind: RoomKind) => gen.updateRoom(roomId, { kind }),
};
