// Texts of the invites page: an invite's state and how many invites are left.
import type { Invite } from "../gen/Invite";
import { t } from "../i18n";

/** "Used by …", "Revoked" or "Not used yet". */
export function inviteState(invite: Invite): string {
  if (invite.used_by) return t("invites.usedBy", { name: invite.used_by.display_name, username: invite.used_by.username });
  if (invite.revoked) return t("invites.revoked");
  return t("invites.notUsed");
}

/** Whether an invite can still be revoked (neither used nor revoked). */
export function canRevoke(invite: Invite): boolean {
  return !invite.used_by && !invite.revoked;
}

/** The quota line; `remaining` null means unlimited. */
export function remainingText(remaining: number | null): string {
  if (remaining === null) return t("invites.unlimited");
  return t("invites.left", { count: remaining });
}

/** Whether the quota is used up (`undefined` while the list is loading). */
export function quotaExhausted(remaining: number | null | undefined): boolean {
  return remaining !== null && remaining !== undefined && remaining <= 0;
}
