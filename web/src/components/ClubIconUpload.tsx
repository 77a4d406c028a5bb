// Club icon upload (PUT /api/clubs/{id}/icon): pick an image, preview it, send it.
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { clubsApi } from "../api/clubs";
import { ApiError } from "../api/http";
import { AVATAR_TYPES, avatarErrorText, checkAvatarFile } from "../forms/profile";
import type { Club } from "../gen/Club";
import { ClubIcon } from "./ClubIcon";

/** The icon part of the club forms; `onSaved` runs after a successful upload. */
export function ClubIconUpload({ club, onSaved }: { club: Pick<Club, "id" | "name" | "icon_url">; onSaved(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0] ?? null;
    setError(f ? checkAvatarFile(f) : null);
    setFile(f);
  };
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await clubsApi.uploadIcon(club.id, file);
      setFile(null);
      if (input.current) input.current.value = "";
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? avatarErrorText(e.code, e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="avatar-edit" data-testid="club-icon-edit">
      {preview ? <img className="club-icon" src={preview} alt="Preview of the new icon" width={96} height={96} /> : <ClubIcon club={club} size={96} />}
      <div className="grow avatar-edit-body">
        <label className="field">
          <span className="field-label">Club icon</span>
          <input ref={input} type="file" accept={AVATAR_TYPES.join(",")} data-testid="club-icon-file" onChange={pick} />
        </label>
        <span className="field-hint">PNG, JPEG or WebP, up to 5 MB. It is cropped to a square.</span>
        {error && <p className="error-text">{error}</p>}
        <div className="row">
          <button type="button" className="btn btn-primary btn-small" data-testid="club-icon-upload" disabled={busy || !file || !!error} onClick={() => void upload()}>
            {busy ? "Uploading…" : "Upload icon"}
          </button>
        </div>
      </div>
    </div>
  );
}
