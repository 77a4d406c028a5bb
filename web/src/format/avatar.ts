// What an avatar shows: initials and a colour that stays the same for a member.
import type { UserId } from "../gen/UserId";
import type { UserSummary } from "../gen/UserSummary";

/** The avatar backgrounds: white initials on each reach 4.5:1 (tested). */
export const AVATAR_COLORS = ["#b45a23", "#2873d0", "#278261", "#9c4dd6", "#d3345a", "#8c6e13", "#4a6fa5", "#2d7f7f"];

/** Up to two initials from a display name (falls back to the username, then to "?"). */
export function initials(user: UserSummary): string {
  const words = (user.display_name || user.username).trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? "");
  return letters.join("").toUpperCase() || "?";
}

/** The avatar background of member `id` (one of a fixed palette). */
export function avatarColor(id: UserId): string {
  return AVATAR_COLORS[Math.abs(id) % AVATAR_COLORS.length] ?? "#4a6fa5";
}
