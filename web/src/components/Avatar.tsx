// A round avatar with the member's initials on a colour derived from their id.
import { avatarColor, initials } from "../format/avatar";
import type { UserSummary } from "../gen/UserSummary";

/** The avatar; `size` in pixels. */
export function Avatar({ user, size = 64 }: { user: UserSummary; size?: number }) {
  const color = avatarColor(user.id);
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
