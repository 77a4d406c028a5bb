// The REST calls of the club pages (browse/search, create, edit, icon, join/leave, requests,
// members, roles), by the names those pages use.
import * as gen from "../gen/api";
import type { ClubRole } from "../gen/ClubRole";

/** A club id, as a number or as read from a page's URL. */
type Id = string | number;

/** REST calls of the club pages. */
export const clubsApi = {
  search: (q: string) => gen.searchClubs({ q }),
  mine: gen.myClubs,
  create: gen.createClub,
  get: (id: Id) => gen.getClub(id),
  update: gen.updateClub,
  uploadIcon: gen.uploadClubIcon,
  /** Joins an open club, or asks to join one that needs approval. */
  join: (id: Id) => gen.joinClub(id),
  leave: (id: Id) => gen.leaveClub(id),
  requests: (id: Id) => gen.clubJoinRequests(id),
  approve: gen.approveClubRequest,
  decline: gen.declineClubRequest,
  members: (id: Id, cursor: string | null, limit = 30) => gen.clubMembers(id, { cursor, limit }),
  setRole: (id: Id, username: string, role: ClubRole) => gen.setClubRole(id, username, { role }),
  remove: gen.removeClubMember,
};
