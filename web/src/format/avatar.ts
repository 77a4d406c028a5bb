// What an avatar shows: initials and a colour that stays the same for a member.
import type { UserId } from "../gen/UserId";
import type { UserSummary } from "../gen/UserSummary";

const COLORS = ["#d9773b", "#3b82d9", "#2f9e75", "#a45bd9", "#d94f70", "#c49a1a", "#4a6fa5", "#3aa3a3"];

/** Up to two initials from a display name (falls back to the username, then to "?"). */
export function initials(user: UserSummary): string {
  const words = (user.display_name || user.username).trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? "");
  return letters.join("").toUpperCase() || "?";
}

/** The avatar background of member `id` (one of a fixed palette). */
export function avatarColor(id: UserId): string {
  return COLORS[Math.abs(id) % COLORS.length] ?? "#4a6fa5";
}
