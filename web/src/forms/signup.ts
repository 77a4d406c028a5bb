// Sign-up form rules, mirroring the server's: what a username, display name and password may be,
// every problem at once, each for its own field; and the server's refusals mapped to the same
// fields (its `fields` of a `validation` error, `username_taken`).
import { ApiError } from "../api/http";
import { language, t } from "../i18n";

/** The sign-up form's fields, by the request's JSON names. */
export type SignupField = "username" | "display_name" | "password";

/** The problem of each refused field (a field with none is fine). */
export type SignupErrors = Partial<Record<SignupField, string>>;

/** Every text of the sign-up form's checks, in the active language. */
export const SIGNUP_TEXT = {
  get username(): string {
    return t("rules.username");
  },
  get displayName(): string {
    return t("rules.displayName");
  },
  get password(): string {
    return t("rules.password");
  },
  get taken(): string {
    return t("rules.taken");
  },
  get usernameHint(): string {
    return t("common.usernameHint");
  },
  get passwordHint(): string {
    return t("common.passwordHint");
  },
};

/** A field's rule, for a server refusal of it in a language other than the server's English. */
function fieldRule(field: SignupField): string {
  return field === "username" ? SIGNUP_TEXT.username : field === "display_name" ? SIGNUP_TEXT.displayName : SIGNUP_TEXT.password;
}

const USERNAME = /^[a-z0-9_]{2,30}$/;
const FIELDS: readonly SignupField[] = ["username", "display_name", "password"];

/** The username as submitted: surrounding spaces dropped, lower case. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Characters as the server counts them (code points of the NFC form). */
function chars(s: string): number {
  return [...s.normalize("NFC")].length;
}

/**
 * Client-side checks on the normalized username, the display name and the password: every
 * problem at once, by field (empty when all are fine).
 */
export function validateSignup(username: string, displayName: string, password: string): SignupErrors {
  const errors: SignupErrors = {};
  if (!USERNAME.test(username)) errors.username = SIGNUP_TEXT.username;
  const name = chars(displayName.trim());
  if (name === 0 || name > 50) errors.display_name = SIGNUP_TEXT.displayName;
  const pw = chars(password);
  if (pw < 8 || pw > 200) errors.password = SIGNUP_TEXT.password;
  return errors;
}

/** Whether any field is refused. */
export function hasErrors(errors: SignupErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** A server reason as a sentence: capital first letter, full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return trimmed;
  const s = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

function isField(name: string): name is SignupField {
  return (FIELDS as readonly string[]).includes(name);
}

/**
 * A refused sign-up as the form shows it: the fields the server named (each beside its field),
 * and what concerns no field (shown under the form), or null.
 */
export function signupErrorsFrom(err: unknown): { fields: SignupErrors; form: string | null } {
  if (err instanceof ApiError && err.code === "username_taken") return { fields: { username: SIGNUP_TEXT.taken }, form: null };
  if (err instanceof ApiError && err.code === "validation" && err.fields) {
    const fields: SignupErrors = {};
    const other: string[] = [];
    // The server's reasons are English: another language shows the field's rule instead.
    const english = language() === "en";
    for (const [name, why] of Object.entries(err.fields)) {
      if (isField(name)) fields[name] = english ? sentence(why) : fieldRule(name);
      else other.push(english ? sentence(why) : t("errors.code.validation"));
    }
    return { fields, form: other.length > 0 ? other.join(" ") : null };
  }
  return { fields: {}, form: err instanceof Error ? sentence(err.message) : String(err) };
}
