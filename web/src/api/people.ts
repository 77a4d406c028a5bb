// Typed calls for members, profiles, follows, blocks, avatars, the waitlist and the admin tools.
import { request } from "./http";
import type { AuthResponse } from "../gen/AuthResponse";
import type { BlockList } from "../gen/BlockList";
import type { InviteList } from "../gen/InviteList";
import type { InviteTree } from "../gen/InviteTree";
import type { Profile } from "../gen/Profile";
import type { UpdateProfileRequest } from "../gen/UpdateProfileRequest";
import type { UserList } from "../gen/UserList";
import type { UserSearch } from "../gen/UserSearch";
import type { WaitingForYou } from "../gen/WaitingForYou";
import type { WaitlistRequest } from "../gen/WaitlistRequest";
import type { WaitlistReservation } from "../gen/WaitlistReservation";
import type { WaitlistStatus } from "../gen/WaitlistStatus";

const u = (username: string) => `/api/users/${encodeURIComponent(username)}`;

/** `?a=1&b=x` from the defined values (empty string when none). */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Which follow list of a member. */
export type FollowDirection = "followers" | "following";

/** REST calls of the people pages. */
export const peopleApi = {
  profile: (username: string) => request<Profile>("GET", u(username)),
  updateMe: (body: UpdateProfileRequest) => request<Profile>("PATCH", "/api/me", body),
  uploadAvatar: (image: Blob) => request<Profile>("PUT", "/api/me/avatar", image),
  deleteAvatar: () => request<Profile>("DELETE", "/api/me/avatar"),
  follow: (username: string) => request<void>("PUT", `${u(username)}/follow`),
  unfollow: (username: string) => request<void>("DELETE", `${u(username)}/follow`),
  followList: (username: string, dir: FollowDirection, cursor: string | null, limit = 30) =>
    request<UserList>("GET", `${u(username)}/${dir}${query({ cursor, limit })}`),
  search: (q: string, limit = 8) => request<UserSearch>("GET", `/api/users${query({ q, limit })}`),
  block: (username: string) => request<void>("PUT", `${u(username)}/block`),
  unblock: (username: string) => request<void>("DELETE", `${u(username)}/block`),
  blocks: () => request<BlockList>("GET", "/api/me/blocks"),
  reserve: (body: WaitlistRequest) => request<WaitlistReservation>("POST", "/api/waitlist", body),
  waitlistStatus: (token: string) => request<WaitlistStatus>("GET", `/api/waitlist/${encodeURIComponent(token)}`),
  waitlistSignup: (token: string, password: string) =>
    request<AuthResponse>("POST", `/api/waitlist/${encodeURIComponent(token)}/signup`, { password }),
  waiting: () => request<WaitingForYou>("GET", "/api/waitlist/waiting"),
  waveIn: (id: string) => request<void>("POST", `/api/waitlist/${encodeURIComponent(id)}/wave`),
  grantInvites: (username: string, count: number) =>
    request<InviteList>("POST", `/api/admin/users/${encodeURIComponent(username)}/invites`, { count }),
  inviteTree: (root: string | null, depth?: number) =>
    request<InviteTree>("GET", `/api/admin/invite-tree${query({ root, depth })}`),
};
