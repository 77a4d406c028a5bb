// Icons of the navigation links (shown on small screens, where the navigation is a bottom bar).
const common = {
  width: 22,
  height: 22,
  viewBox: "0 0 24 24",
  "aria-hidden": true,
  focusable: "false",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  className: "nav-icon",
} as const;

/** A house (the hallway). */
export function HomeIcon() {
  return (
    <svg {...common}>
      <path d="M3 11 12 3.5 21 11M5.5 9v11h13V9M10 20v-5.5h4V20" />
    </svg>
  );
}

/** Two people (clubs). */
export function ClubsIcon() {
  return (
    <svg {...common}>
      <circle cx="9" cy="8" r="3.2" />
      <path d="M3 20c.6-3.6 3-5.6 6-5.6s5.4 2 6 5.6M16 4.9a3.2 3.2 0 0 1 0 6.2M18 14.6c1.7.7 2.7 2.5 3 5.4" />
    </svg>
  );
}

/** A magnifier (search). */
export function SearchIcon() {
  return (
    <svg {...common}>
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="m15.5 15.5 5 5" />
    </svg>
  );
}

/** An envelope (invites). */
export function InviteIcon() {
  return (
    <svg {...common}>
      <rect x="3" y="5.5" width="18" height="13" rx="2" />
      <path d="m3.5 7 8.5 6.5L20.5 7" />
    </svg>
  );
}

/** An hourglass (people waiting). */
export function WaitingIcon() {
  return (
    <svg {...common}>
      <path d="M6.5 3h11M6.5 21h11M7.5 3c0 5 9 5 9 9s-9 4-9 9M16.5 3c0 5-9 5-9 9s9 4 9 9" />
    </svg>
  );
}

/** A shield (admin). */
export function AdminIcon() {
  return (
    <svg {...common}>
      <path d="M12 3 4.5 6v5.5c0 4.5 3.2 8 7.5 9.5 4.3-1.5 7.5-5 7.5-9.5V6z" />
      <path d="m9 12 2.2 2.2L15.5 10" />
    </svg>
  );
}
