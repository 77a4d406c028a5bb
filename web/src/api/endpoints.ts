// Typed calls for every REST endpoint the client uses.
import { request } from "./http";
import type { AuthResponse } from "../gen/AuthResponse";
import type { CreatedInvite } from "../gen/CreatedInvite";
import type { CreateRoomRequest } from "../gen/CreateRoomRequest";
import type { Hallway } from "../gen/Hallway";
import type { InviteCheck } from "../gen/InviteCheck";
import type { InviteList } from "../gen/InviteList";
import type { LoginRequest } from "../gen/LoginRequest";
import type { Profile } from "../gen/Profile";
import type { RoomSummary } from "../gen/RoomSummary";
import type { SignupRequest } from "../gen/SignupRequest";

/** REST API of the Stoa server (same origin). */
export const api = {
  signup: (body: SignupRequest) => request<AuthResponse>("POST", "/api/auth/signup", body),
  login: (body: LoginRequest) => request<AuthResponse>("POST", "/api/auth/login", body),
  logout: () => request<void>("POST", "/api/auth/logout"),
  me: () => request<Profile>("GET", "/api/me"),
  invites: () => request<InviteList>("GET", "/api/invites"),
  createInvite: () => request<CreatedInvite>("POST", "/api/invites"),
  revokeInvite: (id: number) => request<void>("DELETE", `/api/invites/${id}`),
  checkInvite: (code: string) =>
    request<InviteCheck>("GET", `/api/invites/check/${encodeURIComponent(code)}`),
  hallway: () => request<Hallway>("GET", "/api/rooms"),
  createRoom: (body: CreateRoomRequest) => request<RoomSummary>("POST", "/api/rooms", body),
  room: (id: string) => request<RoomSummary>("GET", `/api/rooms/${encodeURIComponent(id)}`),
};
