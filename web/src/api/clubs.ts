// Typed calls for clubs: browse/search, create, edit, icon, join/leave, requests, members, roles.
import { request } from "./http";
import { query } from "./people";
import type { Club } from "../gen/Club";
import type { ClubJoinRequestList } from "../gen/ClubJoinRequestList";
import type { ClubList } from "../gen/ClubList";
import type { ClubMemberList } from "../gen/ClubMemberList";
import type { ClubMembership } from "../gen/ClubMembership";
import type { ClubRole } from "../gen/ClubRole";
import type { CreateClubRequest } from "../gen/CreateClubRequest";
import type { UpdateClubRequest } from "../gen/UpdateClubRequest";

const c = (id: string | number) => `/api/clubs/${encodeURIComponent(String(id))}`;
const m = (id: string | number, username: string) => `${c(id)}/members/${encodeURIComponent(username)}`;
const r = (id: string | number, username: string) => `${c(id)}/requests/${encodeURIComponent(username)}`;

/** REST calls of the club pages. */
export const clubsApi = {
  search: (q: string) => request<ClubList>("GET", `/api/clubs${query({ q })}`),
  mine: () => request<ClubList>("GET", "/api/me/clubs"),
  create: (body: CreateClubRequest) => request<Club>("POST", "/api/clubs", body),
  get: (id: string | number) => request<Club>("GET", c(id)),
  update: (id: string | number, body: UpdateClubRequest) => request<Club>("PATCH", c(id), body),
  uploadIcon: (id: string | number, image: Blob) => request<Club>("PUT", `${c(id)}/icon`, image),
  /** Joins an open club, or asks to join one that needs approval. */
  join: (id: string | number) => request<ClubMembership>("PUT", `${c(id)}/membership`),
  leave: (id: string | number) => request<void>("DELETE", `${c(id)}/membership`),
  requests: (id: string | number) => request<ClubJoinRequestList>("GET", `${c(id)}/requests`),
  approve: (id: string | number, username: string) => request<unknown>("POST", `${r(id, username)}/approve`),
  decline: (id: string | number, username: string) => request<unknown>("POST", `${r(id, username)}/decline`),
  members: (id: string | number, cursor: string | null, limit = 30) =>
    request<ClubMemberList>("GET", `${c(id)}/members${query({ cursor, limit })}`),
  setRole: (id: string | number, username: string, role: ClubRole) => request<unknown>("PUT", `${m(id, username)}/role`, { role }),
  remove: (id: string | number, username: string) => request<void>("DELETE", m(id, username)),
};
