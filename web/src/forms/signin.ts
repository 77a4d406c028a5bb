// Where to go after signing in: the `?next=` path of share links, if it is a safe in-app path;
// and what a refused sign-in says.
import { ApiError } from "../api/http";
import { t } from "../i18n";

/** `next` from a `?next=` query string when it is a same-origin path, else "/". */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get("next") ?? "";
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

/** The sign-in page's error for a refused sign-in (a suspension said plainly). */
export function signInErrorText(e: unknown): string {
  if (e instanceof ApiError && e.code === "suspended") {
    return t("signIn.suspendedError");
  }
  return e instanceof Error ? e.message : String(e);
}
