// The calendar feed URL as a `webcal://` subscription link.

/** `https://x/cal/t.ics` → `webcal://x/cal/t.ics` (other schemes unchanged). */
export function webcalUrl(url: string): string {
  return url.replace(/^https?:\/\//i, "webcal://");
}
