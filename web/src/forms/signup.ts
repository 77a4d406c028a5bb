// Sign-up form rules, mirroring the server's: what a username, display name and password may be.

const USERNAME = /^[a-z0-9_]{2,30}$/;

/** The username as submitted: surrounding spaces dropped, lower case. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Client-side checks on the normalized username, the display name and the password; returns
 * the first problem as a message for the form, or null when all are fine.
 */
export function validateSignup(username: string, displayName: string, password: string): string | null {
  if (!USERNAME.test(username)) return "Username: 2–30 characters of a–z, 0–9 and _.";
  if (displayName.trim().length === 0 || displayName.trim().length > 50) return "Display name: 1–50 characters.";
  if (password.length < 8) return "Password: at least 8 characters.";
  return null;
}
