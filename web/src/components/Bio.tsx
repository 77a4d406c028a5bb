// A member's bio as text, with only http(s) URLs turned into links (never HTML).
import { bioSegments } from "../format/profile";

/** The bio; newlines are kept (CSS pre-wrap). */
export function Bio({ bio }: { bio: string }) {
  if (!bio) return null;
  return (
    <p className="bio" data-testid="profile-bio">
      {bioSegments(bio).map((s, i) =>
        s.kind === "link" ? (
          <a key={i} href={s.href} rel="noopener noreferrer nofollow" target="_blank">
            {s.text}
          </a>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </p>
  );
}
