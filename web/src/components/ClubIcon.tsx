// A club's square icon: its image, or its initials on a colour derived from its id.
import { avatarColor, initials } from "../format/avatar";

/** The icon; `size` in pixels. */
export function ClubIcon({ club, size = 48 }: { club: { id: number; name: string; icon_url?: string | null }; size?: number }) {
  if (club.icon_url) return <img className="club-icon" src={club.icon_url} alt="" width={size} height={size} style={{ width: size, height: size }} />;
  return (
    <span className="club-icon" style={{ width: size, height: size, background: avatarColor(club.id), fontSize: size * 0.38 }} aria-hidden>
      {initials({ id: club.id, username: club.name, display_name: club.name })}
    </span>
  );
}
