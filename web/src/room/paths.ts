// The in-app paths of rooms.

/** `/rooms/<id>` (the id percent-encoded). */
export function roomPath(roomId: string): string {
  return `/rooms/${encodeURIComponent(roomId)}`;
}

/** The room id of a room page's path (`/rooms/<id>`, decoded), or null for any other path. */
export function roomIdOf(path: string): string | null {
  const m = /^\/rooms\/([^/]+)\/?$/.exec(path);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}
