// Small inline SVG icons (no icon font, no network).

const common = { width: 16, height: 16, viewBox: "0 0 24 24", "aria-hidden": true } as const;

/** A crossed-out microphone. */
export function MicOffIcon() {
  return (
    <svg {...common} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
      <path d="M9 5a3 3 0 0 1 6 0v5M15 12.5A3 3 0 0 1 9 11V9" />
      <path d="M5 11a7 7 0 0 0 11.5 5.3M19 11a7 7 0 0 1-.6 2.8M12 18v3M3 3l18 18" />
    </svg>
  );
}

/** A microphone. */
export function MicIcon() {
  return (
    <svg {...common} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
      <rect x="9" y="2" width="6" height="12" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </svg>
  );
}

/** A raised hand. */
export function HandIcon() {
  return (
    <svg {...common} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
      <path d="M8 13V5a1.5 1.5 0 0 1 3 0v6M11 11V3.5a1.5 1.5 0 0 1 3 0V11M14 11V5a1.5 1.5 0 0 1 3 0v8" />
      <path d="M17 9a1.5 1.5 0 0 1 3 0v5a8 8 0 0 1-8 8h-1a7 7 0 0 1-5.6-2.8L3 16a1.5 1.5 0 0 1 2.3-2L8 16" />
    </svg>
  );
}

/** A star (moderator badge). */
export function StarIcon() {
  return (
    <svg {...common} width={12} height={12} fill="currentColor">
      <path d="M12 2l3 6.5 7 .8-5.2 4.8 1.4 7L12 17.6 5.8 21l1.4-7L2 9.3l7-.8z" />
    </svg>
  );
}

/** A red pushpin (the pinned link). */
export function PinIcon() {
  return (
    <svg width={16} height={16} viewBox="0 0 24 24" aria-hidden focusable="false" className="pin-icon">
      <path d="M14.6 2.4 21.6 9.4 19.8 10.4 16.1 14.1 16.5 18.4 14.6 20.3 10 15.7 4.2 21.5 2.5 19.8 8.3 14 3.7 9.4 5.6 7.5 9.9 7.9 13.6 4.2Z" fill="#d22f27" />
      <path d="M14.6 2.4 21.6 9.4 19.8 10.4 13.6 4.2Z" fill="#a31d17" />
    </svg>
  );
}
