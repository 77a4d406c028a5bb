// Waitlist form rules: the username to hold, a display name, and 1–5 members who know you.
import { t } from "../i18n";
import { normalizeUsername } from "./signup";

/** Most members one may name. */
export const MAX_NAMED = 5;

const USERNAME = /^[a-z0-9_]{2,30}$/;

/** The named members as usernames: trimmed, without a leading @, lower case, blanks and repeats dropped. */
export function parseNamed(raw: string[]): string[] {
  const out: string[] = [];
  for (const r of raw) {
    const name = normalizeUsername(r).replace(/^@+/, "");
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** The first problem with a reservation (after normalizing), or null when it can be sent. */
export function validateWaitlist(username: string, displayName: string, named: string[]): string | null {
  if (!USERNAME.test(username)) return t("rules.username");
  const name = displayName.trim();
  if (name.length === 0 || Array.from(name).length > 50) return t("rules.displayName");
  if (named.length === 0) return t("rules.nameOne");
  if (named.length > MAX_NAMED) return t("rules.nameAtMost", { max: MAX_NAMED });
  const bad = named.find((n) => !USERNAME.test(n));
  if (bad) return t("rules.badUsername", { name: bad });
  if (named.includes(username)) return t("rules.notYourself");
  return null;
}

/** Password rule for finishing sign-up (8–200 characters). */
export function validatePassword(password: string): string | null {
  if (password.length < 8) return t("rules.passwordShort");
  if (password.length > 200) return t("rules.passwordLong");
  return null;
}
