// "Your account is suspended": recognising the server telling us so, and remembering it across
// the sign-out it causes so the sign-in page can say why.
import type { ServerMessage } from "../gen/ServerMessage";
import { t } from "../i18n";

/** Whether a socket message means my account was suspended. */
export function isSuspension(msg: ServerMessage): boolean {
  if (msg.type === "error") return msg.code === "suspended";
  if (msg.type === "left_room") return msg.reason === "suspended";
  return false;
}

/** The notice shown on the sign-in page after a suspension. */
export function suspendedText(): string {
  return t("signIn.suspended");
}

let suspended = false;
const listeners = new Set<() => void>();

/** Records that the account was suspended (shown until the next successful sign-in). */
export function setSuspendedNotice(on: boolean): void {
  if (suspended === on) return;
  suspended = on;
  listeners.forEach((fn) => fn());
}

/** Whether the notice is up. */
export function suspendedNotice(): boolean {
  return suspended;
}

/** Subscribes to changes of the notice. */
export function onSuspendedNotice(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
