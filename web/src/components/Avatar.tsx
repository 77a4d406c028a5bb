// A round avatar with the member's initials on a colour derived from their id.
import type { UserSummary } from "../gen/UserSummary";

const COLORS = ["#d9773b", "#3b82d9", "#2f9e75", "#a45bd9", "#d94f70", "#c49a1a", "#4a6fa5", "#3aa3a3"];

/** Up to two initials from a display name (falls back to the username). */
export function initials(user: UserSummary): string {
  const words = (user.display_name || user.username).trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? "");
  return letters.join("").toUpperCase() || "?";
}

/** The avatar; `size` in pixels. */
export function Avatar({ user, size = 64 }: { user: UserSummary; size?: number }) {
  const color = COLORS[Math.abs(user.id) % COLORS.length];
  return (
    <span
      className="avatar"
      style={{ width: size, height: size, background: color, fontSize: size * 0.38 }}
      aria-hidden
    >
      {initials(user)}
    </span>
  );
}
