// The REST calls of the sign-in, invite and hallway pages, by the names those pages use.
import * as gen from "../gen/api";

/** REST API of the Stoa server (same origin). */
export const api = {
  signup: gen.signup,
  login: gen.login,
  logout: gen.logout,
  me: gen.me,
  invites: gen.listInvites,
  createInvite: gen.createInvite,
  revokeInvite: (id: number) => gen.revokeInvite(id),
  checkInvite: (code: string) => gen.checkInvite(code),
  hallway: gen.hallway,
  createRoom: gen.createRoom,
  room: (id: string) => gen.getRoom(id),
};
