// The pinned link: client-side validation mirroring the server's (http(s) URL of at most 500
// characters that parses, title of at most 100, no control characters) and safe rendering.
import type { PinnedLink } from "../gen/PinnedLink";

/** Server limits. */
export const MAX_URL = 500;
export const MAX_TITLE = 100;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function chars(s: string): number {
  return [...s].length;
}

/** What the pin form sends, trimmed. */
export interface PinInput {
  url: string;
  title: string;
}

/** Trims the form values the way they are sent. */
export function pinInput(url: string, title: string): PinInput {
  return { url: url.trim(), title: title.trim() };
}

/** Why the pin form cannot be sent, or null when it can. */
export function validatePin(input: PinInput): string | null {
  const { url, title } = input;
  if (!url) return "Enter a link.";
  if (chars(url) > MAX_URL) return `The link can be at most ${MAX_URL} characters.`;
  if (CONTROL.test(url) || CONTROL.test(title)) return "No control characters, please.";
  if (!/^https?:\/\//i.test(url)) return "Only http:// and https:// links can be pinned.";
  if (!safeHref(url)) return "That doesn't look like a valid link.";
  if (chars(title) > MAX_TITLE) return `The title can be at most ${MAX_TITLE} characters.`;
  return null;
}

/** The URL to put in an `href`: only a parseable http(s) URL with a host; otherwise null. */
export function safeHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  if (!parsed.hostname) return null;
  return parsed.href;
}

/** What the pinned link shows: its title, or the URL when it has none. */
export function pinLabel(link: PinnedLink): string {
  return link.title.trim() || link.url;
}

/** The attributes of the rendered anchor (never opener access, never link juice). */
export const PIN_LINK_ATTRS = { target: "_blank", rel: "noopener noreferrer nofollow" } as const;
