// The six reactions as inline SVG, shipped with the client: they look the same on every system,
// with or without an emoji font. Decorative (the button or the floating reaction carries the name).
import type { ReactNode } from "react";
import type { Reaction } from "../gen/Reaction";

const FACE = "#ffcc4d";
const INK = "#664500";

const ART: Record<Reaction, ReactNode> = {
  clap: (
    <>
      <rect x="4.5" y="7" width="8" height="14" rx="4" transform="rotate(-18 8.5 14)" fill="#f4c05a" stroke="#b7791f" strokeWidth="1.2" />
      <rect x="10.5" y="6.5" width="8" height="14" rx="4" transform="rotate(14 14.5 13.5)" fill={FACE} stroke="#b7791f" strokeWidth="1.2" />
      <path d="M9.5 1.8l.7 2.6M13.6 1.5l-.4 2.7M17.8 3.2l-1.6 2" stroke="#f4900c" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  laugh: (
    <>
      <circle cx="12" cy="12" r="10" fill={FACE} />
      <path d="M6.8 9.6q1.6-2.2 3.2 0M14 9.6q1.6-2.2 3.2 0" stroke={INK} strokeWidth="1.6" fill="none" strokeLinecap="round" />
      <path d="M6.5 13h11a5.5 5.5 0 0 1-11 0z" fill={INK} />
      <path d="M8.8 16.4a3.6 3.6 0 0 0 6.4 0 4.4 4.4 0 0 0-6.4 0z" fill="#e0245e" />
      <path d="M3.6 10.5c-1.3 1.7-1.7 3-.9 3.8s2.1.4 2.8-.8zM20.4 10.5c1.3 1.7 1.7 3 .9 3.8s-2.1.4-2.8-.8z" fill="#5dadec" />
    </>
  ),
  heart: (
    <path
      d="M12 21.2S3.2 15.9 2.2 10.3C1.5 6.6 3.8 4 6.8 4c2.1 0 3.6 1.2 5.2 3.1C13.6 5.2 15.1 4 17.2 4c3 0 5.3 2.6 4.6 6.3-1 5.6-9.8 10.9-9.8 10.9z"
      fill="#e0245e"
    />
  ),
  fire: (
    <>
      <path d="M12 1.8c1.2 3.8 6.2 6.2 6.2 12a6.2 6.2 0 0 1-12.4 0c0-3 1.6-4.8 3-6.4.3 1.8 1.1 3 2.2 3.4-.6-3.8-.1-6.6 1-9z" fill="#f4900c" />
      <path d="M12 12.4c.8 2 2.9 2.9 2.9 5.4a2.9 2.9 0 0 1-5.8 0c0-1.8 1.4-2.8 2.9-5.4z" fill={FACE} />
    </>
  ),
  thinking: (
    <>
      <circle cx="12" cy="11.5" r="9.5" fill={FACE} />
      <circle cx="8.8" cy="9.8" r="1.3" fill={INK} />
      <circle cx="15.2" cy="9.8" r="1.3" fill={INK} />
      <path d="M13.6 6.6l3.2-1M6.8 7.2l2.6.2M9.5 14.8l5-.8" stroke={INK} strokeWidth="1.5" strokeLinecap="round" />
      <path d="M5.2 18.2c.4-1.6 1.7-2.5 3.3-2.3l4 .5c.9.1.9 1.4 0 1.5l-2.3.2 1.4 2.2c.5.8-.2 1.7-1.1 1.5l-3.7-.9c-1.3-.3-1.9-1.5-1.6-2.7z" fill="#f4a630" stroke="#b7791f" strokeWidth=".8" />
    </>
  ),
  hundred: (
    <g stroke="#d22f27" strokeWidth="2.2" fill="none" strokeLinecap="round">
      <path d="M3.2 6.8 5.4 5v10" />
      <ellipse cx="11.3" cy="10" rx="2.7" ry="4.6" />
      <ellipse cx="18.4" cy="10" rx="2.7" ry="4.6" />
      <path d="M2.8 18.4h18.4M4.2 21.4h15.6" />
    </g>
  ),
};

/** One reaction's icon (`size` px square). */
export function ReactionIcon({ reaction, size = 24 }: { reaction: Reaction; size?: number }) {
  return (
    <svg className="reaction-icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden focusable="false" data-reaction-icon={reaction}>
      {ART[reaction]}
    </svg>
  );
}
