// Club icon upload (PUT /api/clubs/{id}/icon): pick an image, preview it, send it.
import { useTranslation } from "react-i18next";
import { clubsApi } from "../api/clubs";
import { AVATAR_TYPES } from "../forms/profile";
import type { Club } from "../gen/Club";
import { ClubIcon } from "./ClubIcon";
import { useImagePick } from "./useImagePick";

/** The icon part of the club forms; `onSaved` runs after a successful upload. */
export function ClubIconUpload({ club, onSaved }: { club: Pick<Club, "id" | "name" | "icon_url">; onSaved(): void }) {
  const { t } = useTranslation();
  const { input, file, preview, error, busy, pick, send } = useImagePick();

  const upload = async () => {
    if (file && (await send(() => clubsApi.uploadIcon(club.id, file)))) onSaved();
  };
  return (
    <div className="avatar-edit" data-testid="club-icon-edit">
      {preview ? <img className="club-icon" src={preview} alt={t("club.iconPreview")} width={96} height={96} /> : <ClubIcon club={club} size={96} />}
      <div className="grow avatar-edit-body">
        <label className="field">
          <span className="field-label">{t("club.icon")}</span>
          <input ref={input} type="file" accept={AVATAR_TYPES.join(",")} data-testid="club-icon-file" onChange={pick} />
        </label>
        <span className="field-hint">{t("common.imageHint")}</span>
        {error && <p className="error-text">{error}</p>}
        <div className="row">
          <button type="button" className="btn btn-primary btn-small" data-testid="club-icon-upload" disabled={busy || !file || !!error} onClick={() => void upload()}>
            {busy ? t("common.uploading") : t("club.uploadIcon")}
          </button>
        </div>
      </div>
    </div>
  );
}
