// The REST calls of members, profiles, follows, blocks, avatars, the waitlist and the admin
// tools, by the names the pages use.
import * as gen from "../gen/api";

export { query } from "./http";

/** Which follow list of a member. */
export type FollowDirection = "followers" | "following";

/** REST calls of the people pages. */
export const peopleApi = {
  profile: (username: string) => gen.profile(username),
  updateMe: gen.updateMe,
  uploadAvatar: gen.uploadAvatar,
  deleteAvatar: gen.deleteAvatar,
  follow: (username: string) => gen.follow(username),
  unfollow: (username: string) => gen.unfollow(username),
  followList: (username: string, dir: FollowDirection, cursor: string | null, limit = 30) =>
    (dir === "followers" ? gen.followers : gen.following)(username, { cursor, limit }),
  search: (q: string, limit = 8) => gen.searchMembers({ q, limit }),
  block: (username: string) => gen.block(username),
  unblock: (username: string) => gen.unblock(username),
  blocks: gen.myBlocks,
  reserve: gen.reserveWaitlist,
  waitlistStatus: (token: string) => gen.waitlistStatus(token),
  waitlistSignup: (token: string, password: string) => gen.waitlistSignup(token, { password }),
  waiting: gen.waitingForYou,
  waveIn: (id: string) => gen.waveIn(id),
  grantInvites: (username: string, count: number) => gen.grantInvites(username, { count }),
  inviteTree: (root: string | null, depth?: number) => gen.inviteTree({ root, depth }),
};
