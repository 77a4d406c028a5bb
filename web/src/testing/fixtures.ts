// Builders of wire values for unit tests (never imported by the app).
import type { Participant } from "../gen/Participant";
import type { RoomRole } from "../gen/RoomRole";
import type { RoomSnapshot } from "../gen/RoomSnapshot";
import type { ServerMessage } from "../gen/ServerMessage";
import type { UserSummary } from "../gen/UserSummary";
import type { IceServer } from "../gen/IceServer";

/** A member with id `id`, username `u<id>`, display name `User <id>` and no photo. */
export function user(id: number, display_name = `User ${id}`): UserSummary {
  return { id, username: `u${id}`, display_name, avatar: null };
}

/** A connected participant with sensible defaults for its role (audience: muted). */
export function participant(id: number, role: RoomRole, extra: Partial<Participant> = {}): Participant {
  return {
    user: user(id),
    role,
    muted: role === "audience",
    hand_raised: false,
    speak_invited: false,
    connected: true,
    followed_by_speakers: false,
    ...extra,
  };
}

/** A `room_state` message for room `id`. */
export function roomState(
  id: string,
  participants: Participant[],
  extra: Partial<RoomSnapshot> = {},
  iceServers: IceServer[] = [],
): ServerMessage {
  return {
    type: "room_state",
    room: { id, title: "Talk", kind: "open", participants, slots: [null, null, null], speaking: [], pinned_link: null, club: null, members_only: false, ...extra },
    ice_servers: iceServers,
  };
}
