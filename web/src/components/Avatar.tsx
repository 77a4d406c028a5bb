// A round avatar: the member's photo when they have one (`UserSummary.avatar`), else their
// initials on a colour derived from their id (also when the photo fails to load). The initials
// are drawn by CSS (`data-initials`), so they never join the text of the name beside them.
import { useState } from "react";
import { avatarColor, avatarUrl, initials, type AvatarPerson } from "../format/avatar";

/**
 * The avatar; `size` in pixels. `src` (a server-made image URL, e.g. `Profile.avatar_url`)
 * overrides the photo the summary names; `null` means none.
 */
export function Avatar({ user, size = 64, src }: { user: AvatarPerson; size?: number; src?: string | null }) {
  const url = src === undefined ? avatarUrl(user) : src;
  const [failed, setFailed] = useState<string | null>(null);
  if (url && failed !== url) {
    return (
      <img
        className="avatar"
        src={url}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        data-testid="avatar-photo"
        style={{ width: size, height: size }}
        onError={() => setFailed(url)}
      />
    );
  }
  return (
    <span
      className="avatar"
      style={{ width: size, height: size, background: avatarColor(user.id), fontSize: size * 0.38 }}
      data-testid="avatar-initials"
      data-initials={initials(user)}
      aria-hidden
    />
  );
}
