// A round avatar with the member's initials on a colour derived from their id.
import { avatarColor, initials } from "../format/avatar";
import type { UserSummary } from "../gen/UserSummary";

/** The avatar; `size` in pixels; `src` (a server-made image URL) replaces the initials. */
export function Avatar({ user, size = 64, src }: { user: UserSummary; size?: number; src?: string | null }) {
  const color = avatarColor(user.id);
  if (src) return <img className="avatar" src={src} alt="" width={size} height={size} style={{ width: size, height: size }} />;
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
