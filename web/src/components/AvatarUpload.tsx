// Avatar upload: pick an image, see a preview, send it (PUT /api/me/avatar) or remove the current one.
import { useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { AVATAR_TYPES } from "../forms/profile";
import type { Profile } from "../gen/Profile";
import { Avatar } from "./Avatar";
import { useImagePick } from "./useImagePick";

/** The avatar part of the edit-profile page; `onSaved` gets the updated profile. */
export function AvatarUpload({ me, onSaved }: { me: Profile; onSaved(p: Profile): void }) {
  const { t } = useTranslation();
  const { input, file, preview, error, busy, pick, reset, send } = useImagePick();

  const act = (call: () => Promise<Profile>) => send(async () => onSaved(await call()));
  const upload = () => file && void act(() => peopleApi.uploadAvatar(file));

  return (
    <div className="avatar-edit" data-testid="avatar-edit">
      {preview ? (
        <img className="avatar" src={preview} alt={t("edit.avatarPreview")} width={96} height={96} data-testid="avatar-preview" />
      ) : (
        <Avatar user={me} size={96} src={me.avatar_url} />
      )}
      <div className="grow avatar-edit-body">
        <input ref={input} type="file" aria-label={t("edit.chooseAvatar")} accept={AVATAR_TYPES.join(",")} data-testid="avatar-file" onChange={pick} />
        <span className="field-hint">{t("common.imageHint")}</span>
        {error && (
          <p className="error-text" data-testid="avatar-error">
            {error}
          </p>
        )}
        <div className="row wrap">
          <button type="button" className="btn btn-primary btn-small" data-testid="avatar-upload" disabled={busy || !file || !!error} onClick={upload}>
            {busy ? t("common.uploading") : t("common.upload")}
          </button>
          {file && (
            <button type="button" className="btn btn-small" onClick={reset} disabled={busy}>
              {t("common.cancel")}
            </button>
          )}
          {me.avatar_url && !file && (
            <button type="button" className="btn btn-small danger" data-testid="avatar-remove" disabled={busy} onClick={() => void act(peopleApi.deleteAvatar)}>
              {t("edit.removeAvatar")}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
