// What an avatar shows: the member's photo when they have one, else initials on a colour that
// stays the same for a member.
import type { UserId } from "../gen/UserId";
import type { UserSummary } from "../gen/UserSummary";

/** The avatar backgrounds: white initials on each reach 4.5:1 (tested). */
export const AVATAR_COLORS = ["#b45a23", "#2873d0", "#278261", "#9c4dd6", "#d3345a", "#8c6e13", "#4a6fa5", "#2d7f7f"];

/** Who an avatar is of: a `UserSummary` (with its avatar version), or anything shaped like one. */
export type AvatarPerson = Pick<UserSummary, "id" | "username" | "display_name"> & { avatar?: number | null };

/** The photo of `user` (`/api/users/<username>/avatar?v=<version>`), or null without one. */
export function avatarUrl(user: AvatarPerson): string | null {
  if (user.avatar === null || user.avatar === undefined) return null;
  return `/api/users/${encodeURIComponent(user.username)}/avatar?v=${user.avatar}`;
}

/** Up to two initials from a display name (falls back to the username, then to "?"). */
export function initials(user: AvatarPerson): string {
  const words = (user.display_name || user.username).trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? "");
  return letters.join("").toUpperCase() || "?";
}

/** The avatar background of member `id` (one of a fixed palette). */
export function avatarColor(id: UserId): string {
  return AVATAR_COLORS[Math.abs(id) % AVATAR_COLORS.length] ?? "#4a6fa5";
}
