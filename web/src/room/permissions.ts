// Who gets which moderation control in a room (the server enforces the same rules anyway).
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";

/** Whether I may pin or unpin the room's link: moderators only. */
export function canPin(self: Participant | undefined): boolean {
  return self?.role === "moderator";
}

/** Whether the moderation log panel is shown (and loaded): current moderators only. */
export function canSeeModLog(self: Participant | undefined): boolean {
  return self?.role === "moderator";
}

/** Whether I may react: anyone in the room. */
export function canReact(self: Participant | undefined): boolean {
  return self !== undefined;
}

/** Whether `p`'s profile card offers me "Report": anyone but myself. */
export function canReport(p: Participant, me: UserId): boolean {
  return p.user.id !== me;
}
