// The pinned link: client-side validation mirroring the server's (http(s) URL of at most 500
// characters that parses, title of at most 100, no control characters) and safe rendering.
import type { PinnedLink } from "../gen/PinnedLink";
import { t } from "../i18n";

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
  if (!url) return t("pin.errors.empty");
  if (chars(url) > MAX_URL) return t("pin.errors.urlTooLong", { max: MAX_URL });
  if (CONTROL.test(url) || CONTROL.test(title)) return t("pin.errors.control");
  if (!/^https?:\/\//i.test(url)) return t("pin.errors.scheme");
  if (!safeHref(url)) return t("pin.errors.invalid");
  if (chars(title) > MAX_TITLE) return t("pin.errors.titleTooLong", { max: MAX_TITLE });
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
