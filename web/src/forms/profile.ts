// Edit-profile rules, mirroring the server's: display name, bio, and which avatar files to send.
import type { Profile } from "../gen/Profile";
import type { UpdateProfileRequest } from "../gen/UpdateProfileRequest";
import { BIO_MAX, charCount } from "../format/profile";
import { t } from "../i18n";

/** Largest avatar upload, in bytes (5 MB). */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

/** The image types the server accepts (it sniffs the bytes; this only spares a round trip). */
export const AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp"];

// Control characters; the bio may still hold newlines.
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_NO_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/** The first problem with the edited name and bio, or null when both are fine. */
export function validateProfile(displayName: string, bio: string): string | null {
  const name = displayName.trim();
  if (charCount(name) < 1 || charCount(name) > 50) return t("edit.errors.nameLength");
  if (CONTROL.test(name)) return t("edit.errors.nameControl");
  if (charCount(bio) > BIO_MAX) return t("edit.errors.bioLength", { max: BIO_MAX });
  if (CONTROL_NO_NEWLINE.test(bio)) return t("edit.errors.bioControl");
  return null;
}

/** The PATCH body holding only what changed (empty object: nothing to save). */
export function profileChanges(me: Profile, displayName: string, bio: string): UpdateProfileRequest {
  const body: UpdateProfileRequest = {};
  const name = displayName.trim();
  if (name !== me.display_name) body.display_name = name;
  if (bio !== me.bio) body.bio = bio;
  return body;
}

/** Why an avatar file can't be sent (type or size), or null. An unknown type is left to the server. */
export function checkAvatarFile(file: { type: string; size: number }): string | null {
  if (file.type && !AVATAR_TYPES.includes(file.type)) return t("edit.errors.imageType");
  if (file.size > AVATAR_MAX_BYTES) return t("edit.errors.imageSize");
  if (file.size === 0) return t("edit.errors.imageEmpty");
  return null;
}

/** The message for a refused avatar upload, by error code. */
export function avatarErrorText(code: string, message: string): string {
  if (code === "unsupported_image") return t("edit.errors.unreadable");
  if (code === "payload_too_large") return t("edit.errors.imageSize");
  return message;
}
