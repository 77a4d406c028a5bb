// Where to go after signing in: the `?next=` path of share links, if it is a safe in-app path.

/** `next` from a `?next=` query string when it is a same-origin path, else "/". */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get("next") ?? "";
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
