// Generated from Stoa's OpenAPI document by `cargo test -p stoa-api --test web_api`; do not edit.
// One function per JSON operation, named by its operationId. Errors reject with `ApiError`.
import { query, request } from "../api/http";
import type { AuthResponse } from "./AuthResponse";
import type { BlockList } from "./BlockList";
import type { CalendarFeed } from "./CalendarFeed";
import type { Club } from "./Club";
import type { ClubJoinRequestList } from "./ClubJoinRequestList";
import type { ClubList } from "./ClubList";
import type { ClubMemberList } from "./ClubMemberList";
import type { ClubMembership } from "./ClubMembership";
import type { CreateClubRequest } from "./CreateClubRequest";
import type { CreateEventRequest } from "./CreateEventRequest";
import type { CreateReportRequest } from "./CreateReportRequest";
import type { CreateRoomRequest } from "./CreateRoomRequest";
import type { CreatedInvite } from "./CreatedInvite";
import type { Event } from "./Event";
import type { EventList } from "./EventList";
import type { FriendsOnline } from "./FriendsOnline";
import type { GrantInvitesRequest } from "./GrantInvitesRequest";
import type { Hallway } from "./Hallway";
import type { Health } from "./Health";
import type { InviteCheck } from "./InviteCheck";
import type { InviteList } from "./InviteList";
import type { InviteTree } from "./InviteTree";
import type { LoginRequest } from "./LoginRequest";
import type { MarkReadRequest } from "./MarkReadRequest";
import type { ModLog } from "./ModLog";
import type { NotificationList } from "./NotificationList";
import type { PingRequest } from "./PingRequest";
import type { Profile } from "./Profile";
import type { Report } from "./Report";
import type { ReportCount } from "./ReportCount";
import type { ReportList } from "./ReportList";
import type { ResolveReportRequest } from "./ResolveReportRequest";
import type { RoomRef } from "./RoomRef";
import type { RoomSummary } from "./RoomSummary";
import type { SetClubRoleRequest } from "./SetClubRoleRequest";
import type { SignupRequest } from "./SignupRequest";
import type { UnreadCount } from "./UnreadCount";
import type { UpdateClubRequest } from "./UpdateClubRequest";
import type { UpdateEventRequest } from "./UpdateEventRequest";
import type { UpdateProfileRequest } from "./UpdateProfileRequest";
import type { UpdateRoomRequest } from "./UpdateRoomRequest";
import type { UserList } from "./UserList";
import type { UserSearch } from "./UserSearch";
import type { WaitingForYou } from "./WaitingForYou";
import type { WaitlistRequest } from "./WaitlistRequest";
import type { WaitlistReservation } from "./WaitlistReservation";
import type { WaitlistSignupRequest } from "./WaitlistSignupRequest";
import type { WaitlistStatus } from "./WaitlistStatus";

/** Approve a join request (founder and admins); the member is told: `POST /api/clubs/{id}/requests/{username}/approve`. */
export const approveClubRequest = (id: number | string, username: string): Promise<void> =>
  request<void>("POST", `/api/clubs/${encodeURIComponent(String(id))}/requests/${encodeURIComponent(String(username))}/approve`);

/** Block a member (idempotent): follows between you are removed both ways, and neither of you
can follow the other, ping the other, or join a room the other moderates while it stands: `PUT /api/users/{username}/block`. */
export const block = (username: string): Promise<void> =>
  request<void>("PUT", `/api/users/${encodeURIComponent(String(username))}/block`);

/** A URL of the caller's private calendar feed: `GET /api/me/calendar`. */
export const calendarFeed = (): Promise<CalendarFeed> =>
  request<CalendarFeed>("GET", `/api/me/calendar`);

/** Cancel an event (hosts, or the club's admins); returns it cancelled: `DELETE /api/events/{id}`. */
export const cancelEvent = (id: number | string): Promise<Event> =>
  request<Event>("DELETE", `/api/events/${encodeURIComponent(String(id))}`);

/** Whether an invite code can be used, and who sent it (no sign-in needed): `GET /api/invites/check/{code}`. */
export const checkInvite = (code: string): Promise<InviteCheck> =>
  request<InviteCheck>("GET", `/api/invites/check/${encodeURIComponent(String(code))}`);

/** Pending join requests, oldest first (founder and admins): `GET /api/clubs/{id}/requests`. */
export const clubJoinRequests = (id: number | string): Promise<ClubJoinRequestList> =>
  request<ClubJoinRequestList>("GET", `/api/clubs/${encodeURIComponent(String(id))}/requests`);

/** The club's members: founder, admins, leaders, then members, by join time: `GET /api/clubs/{id}/members`. */
export const clubMembers = (id: number | string, params: { cursor?: string | null; limit?: number | null } = {}): Promise<ClubMemberList> =>
  request<ClubMemberList>("GET", `/api/clubs/${encodeURIComponent(String(id))}/members${query(params)}`);

/** Create a club; the caller becomes its founder: `POST /api/clubs`. */
export const createClub = (body: CreateClubRequest): Promise<Club> =>
  request<Club>("POST", `/api/clubs`, body);

/** Schedule an event (a club event: the club's founder, admins or leaders only): `POST /api/events`. */
export const createEvent = (body: CreateEventRequest): Promise<Event> =>
  request<Event>("POST", `/api/events`, body);

/** Create an invite (the code is returned once): `POST /api/invites`. */
export const createInvite = (): Promise<CreatedInvite> =>
  request<CreatedInvite>("POST", `/api/invites`);

/** Report a member (`username`) or a room (`room_id`): exactly one. Filing again about the same
member or room while your report is open answers with that report: `POST /api/reports`. */
export const createReport = (body: CreateReportRequest): Promise<Report> =>
  request<Report>("POST", `/api/reports`, body);

/** Start a room; the caller becomes its moderator (then joins it over the WebSocket): `POST /api/rooms`. */
export const createRoom = (body: CreateRoomRequest): Promise<RoomSummary> =>
  request<RoomSummary>("POST", `/api/rooms`, body);

/** Decline a join request (founder and admins): `POST /api/clubs/{id}/requests/{username}/decline`. */
export const declineClubRequest = (id: number | string, username: string): Promise<void> =>
  request<void>("POST", `/api/clubs/${encodeURIComponent(String(id))}/requests/${encodeURIComponent(String(username))}/decline`);

/** Remove the caller's avatar (idempotent): `DELETE /api/me/avatar`. */
export const deleteAvatar = (): Promise<Profile> =>
  request<Profile>("DELETE", `/api/me/avatar`);

/** Stop being notified of the event: `DELETE /api/events/{id}/notify`. */
export const eventNotifyOff = (id: number | string): Promise<Event> =>
  request<Event>("DELETE", `/api/events/${encodeURIComponent(String(id))}/notify`);

/** Ask to be notified when the event changes or goes live: `PUT /api/events/{id}/notify`. */
export const eventNotifyOn = (id: number | string): Promise<Event> =>
  request<Event>("PUT", `/api/events/${encodeURIComponent(String(id))}/notify`);

/** Follow a member (idempotent): `PUT /api/users/{username}/follow`. */
export const follow = (username: string): Promise<void> =>
  request<void>("PUT", `/api/users/${encodeURIComponent(String(username))}/follow`);

/** A member's followers, newest follow first: `GET /api/users/{username}/followers`. */
export const followers = (username: string, params: { limit?: number | null; cursor?: string | null } = {}): Promise<UserList> =>
  request<UserList>("GET", `/api/users/${encodeURIComponent(String(username))}/followers${query(params)}`);

/** The members a member follows, newest follow first: `GET /api/users/{username}/following`. */
export const following = (username: string, params: { limit?: number | null; cursor?: string | null } = {}): Promise<UserList> =>
  request<UserList>("GET", `/api/users/${encodeURIComponent(String(username))}/following${query(params)}`);

/** The members the signed-in member follows who are online now (blocked ones left out either
way), each with the room they are in when the viewer may join it: `GET /api/me/friends-online`. */
export const friendsOnline = (): Promise<FriendsOnline> =>
  request<FriendsOnline>("GET", `/api/me/friends-online`);

/** The club page: `GET /api/clubs/{id}`. */
export const getClub = (id: number | string): Promise<Club> =>
  request<Club>("GET", `/api/clubs/${encodeURIComponent(String(id))}`);

/** One event (members-only club events are `not_found` for non-members): `GET /api/events/{id}`. */
export const getEvent = (id: number | string): Promise<Event> =>
  request<Event>("GET", `/api/events/${encodeURIComponent(String(id))}`);

/** One room (live or ended). A closed or members-only club room is shown only to members who
may join it (or are in it); to anyone else it is `404 not_found`, like an unknown room: `GET /api/rooms/{id}`. */
export const getRoom = (id: string): Promise<RoomSummary> =>
  request<RoomSummary>("GET", `/api/rooms/${encodeURIComponent(String(id))}`);

/** Give a member more invites (admins only); answers with that member's invites: `POST /api/admin/users/{username}/invites`. */
export const grantInvites = (username: string, body: GrantInvitesRequest): Promise<InviteList> =>
  request<InviteList>("POST", `/api/admin/users/${encodeURIComponent(String(username))}/invites`, body);

/** The hallway: the live rooms the caller may join, ranked for them (followed people on stage,
then in the audience, then size), each with the reason it is there: `GET /api/rooms`. */
export const hallway = (): Promise<Hallway> =>
  request<Hallway>("GET", `/api/rooms`);

/** Liveness: `GET /api/health`. */
export const health = (): Promise<Health> =>
  request<Health>("GET", `/api/health`);

/** Who brought in whom, breadth-first (admins only). At most 5000 members are listed;
`total_descendants` counts all of them, at any depth: `GET /api/admin/invite-tree`. */
export const inviteTree = (params: { root?: string | null; depth?: number | null } = {}): Promise<InviteTree> =>
  request<InviteTree>("GET", `/api/admin/invite-tree${query(params)}`);

/** Join (open club) or ask to join (approval club). Idempotent: `PUT /api/clubs/{id}/membership`. */
export const joinClub = (id: number | string): Promise<ClubMembership> =>
  request<ClubMembership>("PUT", `/api/clubs/${encodeURIComponent(String(id))}/membership`);

/** The same as `PUT /api/clubs/{id}/membership`, for clients that prefer a verb: `POST /api/clubs/{id}/join`. */
export const joinClubPost = (id: number | string): Promise<ClubMembership> =>
  request<ClubMembership>("POST", `/api/clubs/${encodeURIComponent(String(id))}/join`);

/** Leave a club (or withdraw a request). The founder cannot leave (`invalid_state`): `DELETE /api/clubs/{id}/membership`. */
export const leaveClub = (id: number | string): Promise<void> =>
  request<void>("DELETE", `/api/clubs/${encodeURIComponent(String(id))}/membership`);

/** The caller's invites and remaining quota: `GET /api/invites`. */
export const listInvites = (): Promise<InviteList> =>
  request<InviteList>("GET", `/api/invites`);

/** Sign in with username and password. Limited per client address and, for failed attempts,
per account whatever the address (then even the right password waits): `POST /api/auth/login`. */
export const login = (body: LoginRequest): Promise<AuthResponse> =>
  request<AuthResponse>("POST", `/api/auth/login`, body);

/** Sign out: ends the session and clears the cookie: `POST /api/auth/logout`. */
export const logout = (): Promise<void> =>
  request<void>("POST", `/api/auth/logout`);

/** Mark some (`ids`; others' ids are ignored) or `all` notifications read. The member's open
WebSocket sessions get the new count as `unread_count`: `POST /api/notifications/read`. */
export const markNotificationsRead = (body: MarkReadRequest): Promise<UnreadCount> =>
  request<UnreadCount>("POST", `/api/notifications/read`, body);

/** The signed-in member's profile: `GET /api/me`. */
export const me = (): Promise<Profile> =>
  request<Profile>("GET", `/api/me`);

/** The members the caller blocked, newest first: `GET /api/me/blocks`. */
export const myBlocks = (): Promise<BlockList> =>
  request<BlockList>("GET", `/api/me/blocks`);

/** The caller's clubs, by name: `GET /api/me/clubs`. */
export const myClubs = (): Promise<ClubList> =>
  request<ClubList>("GET", `/api/me/clubs`);

/** The signed-in member's notifications, newest first, with the unread count: `GET /api/notifications`. */
export const notifications = (params: { limit?: number | null; cursor?: string | null } = {}): Promise<NotificationList> =>
  request<NotificationList>("GET", `/api/notifications${query(params)}`);

/** This API's OpenAPI 3.1 document: `GET /api/openapi.json`. */
export const openapi = (): Promise<unknown> =>
  request<unknown>("GET", `/api/openapi.json`);

/** Ping a member into a live room the caller is in: they are admitted (even to a social or
closed room) and notified. In social and closed rooms only people on stage may ping.
At most 10 pings a minute per sender: `POST /api/rooms/{id}/pings`. */
export const pingIntoRoom = (id: string, body: PingRequest): Promise<void> =>
  request<void>("POST", `/api/rooms/${encodeURIComponent(String(id))}/pings`, body);

/** A member's profile (`followed_by_me` is relative to the caller): `GET /api/users/{username}`. */
export const profile = (username: string): Promise<Profile> =>
  request<Profile>("GET", `/api/users/${encodeURIComponent(String(username))}`);

/** Readiness: the database answers a trivial query and the media socket is bound and read: `GET /api/ready`. */
export const ready = (): Promise<Health> =>
  request<Health>("GET", `/api/ready`);

/** Remove a member (founder and admins; only the founder removes admins; never the founder): `DELETE /api/clubs/{id}/members/{username}`. */
export const removeClubMember = (id: number | string, username: string): Promise<void> =>
  request<void>("DELETE", `/api/clubs/${encodeURIComponent(String(id))}/members/${encodeURIComponent(String(username))}`);

/** How many reports wait in the queue (site admins only): `GET /api/admin/reports/count`. */
export const reportCount = (): Promise<ReportCount> =>
  request<ReportCount>("GET", `/api/admin/reports/count`);

/** The reports queue (site admins only): `GET /api/admin/reports`. */
export const reportQueue = (params: { status?: string | null; cursor?: string | null; limit?: number | null } = {}): Promise<ReportList> =>
  request<ReportList>("GET", `/api/admin/reports${query(params)}`);

/** Reserve a username for 30 days and name 1–5 members who know you (no sign-in needed).
The token is shown once: keep the link: `POST /api/waitlist`. */
export const reserveWaitlist = (body: WaitlistRequest): Promise<WaitlistReservation> =>
  request<WaitlistReservation>("POST", `/api/waitlist`, body);

/** Revoke every URL of the caller's calendar feed and get a new one: `POST /api/me/calendar/reset`. */
export const resetCalendarFeed = (): Promise<CalendarFeed> =>
  request<CalendarFeed>("POST", `/api/me/calendar/reset`);

/** Resolve a report (site admins only): dismiss, warn or suspend the member. The other open
reports about the same member are resolved with it: `POST /api/admin/reports/{id}/resolve`. */
export const resolveReport = (id: number | string, body: ResolveReportRequest): Promise<Report> =>
  request<Report>("POST", `/api/admin/reports/${encodeURIComponent(String(id))}/resolve`, body);

/** Revoke one of the caller's unused invites: `DELETE /api/invites/{id}`. */
export const revokeInvite = (id: number | string): Promise<void> =>
  request<void>("DELETE", `/api/invites/${encodeURIComponent(String(id))}`);

/** The room's moderation log, newest first: for site admins and the members who are or ever
were a moderator of the room; kept after the room ends: `GET /api/rooms/{id}/modlog`. */
export const roomModLog = (id: string, params: { limit?: number | null; cursor?: string | null } = {}): Promise<ModLog> =>
  request<ModLog>("GET", `/api/rooms/${encodeURIComponent(String(id))}/modlog${query(params)}`);

/** Search or browse clubs by name (at most 50): `GET /api/clubs`. */
export const searchClubs = (params: { q?: string | null } = {}): Promise<ClubList> =>
  request<ClubList>("GET", `/api/clubs${query(params)}`);

/** Members whose username or display name starts with `q`, usernames first: `GET /api/users`. */
export const searchMembers = (params: { q: string; limit?: number | null }): Promise<UserSearch> =>
  request<UserSearch>("GET", `/api/users${query(params)}`);

/** Set a member's role (see `SetClubRoleRequest`): `PUT /api/clubs/{id}/members/{username}/role`. */
export const setClubRole = (id: number | string, username: string, body: SetClubRoleRequest): Promise<void> =>
  request<void>("PUT", `/api/clubs/${encodeURIComponent(String(id))}/members/${encodeURIComponent(String(username))}/role`, body);

/** Create an account with an invite code; signs the new member in: `POST /api/auth/signup`. */
export const signup = (body: SignupRequest): Promise<AuthResponse> =>
  request<AuthResponse>("POST", `/api/auth/signup`, body);

/** Open the event's room (hosts, or the club's admins); up to 30 minutes early. Starting
twice gives the same room: `POST /api/events/{id}/start`. */
export const startEvent = (id: number | string): Promise<RoomRef> =>
  request<RoomRef>("POST", `/api/events/${encodeURIComponent(String(id))}/start`);

/** Suspend a member (site admins only): their sessions end, they leave every live room and
cannot sign in. Site admins and yourself cannot be suspended: `POST /api/admin/users/{username}/suspend`. */
export const suspendMember = (username: string): Promise<void> =>
  request<void>("POST", `/api/admin/users/${encodeURIComponent(String(username))}/suspend`);

/** Lift a block (idempotent). Follows removed by the block are not restored: `DELETE /api/users/{username}/block`. */
export const unblock = (username: string): Promise<void> =>
  request<void>("DELETE", `/api/users/${encodeURIComponent(String(username))}/block`);

/** Stop following a member (idempotent): `DELETE /api/users/{username}/follow`. */
export const unfollow = (username: string): Promise<void> =>
  request<void>("DELETE", `/api/users/${encodeURIComponent(String(username))}/follow`);

/** Lift a suspension (site admins only): the member may sign in again: `POST /api/admin/users/{username}/unsuspend`. */
export const unsuspendMember = (username: string): Promise<void> =>
  request<void>("POST", `/api/admin/users/${encodeURIComponent(String(username))}/unsuspend`);

/** The viewer's upcoming events, soonest first: `GET /api/events/upcoming`. */
export const upcomingEvents = (): Promise<EventList> =>
  request<EventList>("GET", `/api/events/upcoming`);

/** Edit a club (founder and admins): `PATCH /api/clubs/{id}`. */
export const updateClub = (id: number | string, body: UpdateClubRequest): Promise<Club> =>
  request<Club>("PATCH", `/api/clubs/${encodeURIComponent(String(id))}`, body);

/** Edit an event (hosts, or the club's admins); members who asked to be notified hear of a
new time or title: `PATCH /api/events/{id}`. */
export const updateEvent = (id: number | string, body: UpdateEventRequest): Promise<Event> =>
  request<Event>("PATCH", `/api/events/${encodeURIComponent(String(id))}`, body);

/** Edit the signed-in member's display name, bio and/or language (`"en"` or `"ro"`: the web
client's and the notification texts'); a refused edit changes nothing: `PATCH /api/me`. */
export const updateMe = (body: UpdateProfileRequest): Promise<Profile> =>
  request<Profile>("PATCH", `/api/me`, body);

/** Change who may join a live room (moderators of the room only), e.g. open a closed room.
Everyone in the room gets `room_kind_changed`: `PATCH /api/rooms/{id}`. */
export const updateRoom = (id: string, body: UpdateRoomRequest): Promise<RoomSummary> =>
  request<RoomSummary>("PATCH", `/api/rooms/${encodeURIComponent(String(id))}`, body);

/** Set the caller's avatar. The body is the raw image (PNG, JPEG or WebP, at most 5 MB; the
format is read from the bytes, any Content-Type is accepted). The server crops it to a
square and re-encodes it at 256×256. A member has one upload processed at a time and at
most 10 uploads an hour (avatars and club icons together): `PUT /api/me/avatar`. */
export const uploadAvatar = (body: Blob): Promise<Profile> =>
  request<Profile>("PUT", `/api/me/avatar`, body);

/** Set the club's icon (founder and admins): the raw image, processed and limited like avatars
(the uploader's allowance is shared with their avatar uploads): `PUT /api/clubs/{id}/icon`. */
export const uploadClubIcon = (id: number | string, body: Blob): Promise<Club> =>
  request<Club>("PUT", `/api/clubs/${encodeURIComponent(String(id))}/icon`, body);

/** People on the waitlist who named the caller, newest first: `GET /api/waitlist/waiting`. */
export const waitingForYou = (): Promise<WaitingForYou> =>
  request<WaitingForYou>("GET", `/api/waitlist/waiting`);

/** Finish sign-up after being waved in: creates the account with the reserved username and
signs it in (token and session cookie). The token is dead afterwards: `POST /api/waitlist/{token}/signup`. */
export const waitlistSignup = (token: string, body: WaitlistSignupRequest): Promise<AuthResponse> =>
  request<AuthResponse>("POST", `/api/waitlist/${encodeURIComponent(String(token))}/signup`, body);

/** A reservation, by its secret token (no sign-in needed): `GET /api/waitlist/{token}`. */
export const waitlistStatus = (token: string): Promise<WaitlistStatus> =>
  request<WaitlistStatus>("GET", `/api/waitlist/${encodeURIComponent(String(token))}`);

/** Wave someone in (only a member they named; waving again is fine). The entry is named by its
unguessable public id from `waiting`, never by a sequential number: `POST /api/waitlist/{id}/wave`. */
export const waveIn = (id: string): Promise<void> =>
  request<void>("POST", `/api/waitlist/${encodeURIComponent(String(id))}/wave`);
