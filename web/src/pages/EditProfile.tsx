// Edit profile and settings (/settings/profile): avatar, display name, bio with a live character
// counter; the language, the calendar feed and this device's sound settings.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { AvatarUpload } from "../components/AvatarUpload";
import { CalendarPanel } from "../components/CalendarPanel";
import { Field } from "../components/Field";
import { SoundSettings } from "../components/SoundSettings";
import { LanguagePicker } from "../components/LanguagePicker";
import { bioCounter, profilePath } from "../format/profile";
import { profileChanges, validateProfile } from "../forms/profile";
import type { Profile } from "../gen/Profile";
import { Link, navigate } from "../router";
import { useAuth } from "../state/auth";
import { useToast } from "../state/toasts";

/** The edit-profile page. */
export function EditProfilePage({ me }: { me: Profile }) {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const toast = useToast();
  const [displayName, setDisplayName] = useState(me.display_name);
  const [bio, setBio] = useState(me.bio);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const counter = bioCounter(bio);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = validateProfile(displayName, bio);
    if (problem) return setError(problem);
    const body = profileChanges(me, displayName, bio);
    if (Object.keys(body).length === 0) return navigate(profilePath(me.username));
    setBusy(true);
    setError(null);
    try {
      setMe(await peopleApi.updateMe(body));
      toast(t("edit.saved"), "info");
      navigate(profilePath(me.username));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main className="page" data-testid="edit-profile-page">
      <h1 className="visually-hidden">{t("edit.title")}</h1>
      <section className="card">
        <h2>{t("edit.photo")}</h2>
        <AvatarUpload me={me} onSaved={setMe} />
      </section>
      <form className="card edit-form" onSubmit={submit}>
        <h2>{t("edit.about")}</h2>
        <Field label={t("common.displayName")} data-testid="edit-display-name" maxLength={50} value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        <label className="field">
          <span className="field-label">{t("edit.bio")}</span>
          <textarea data-testid="edit-bio" rows={5} value={bio} onChange={(e) => setBio(e.target.value)} placeholder={t("edit.bioPlaceholder")} />
          <span className={counter.over ? "field-hint error-text" : "field-hint"} data-testid="bio-counter" aria-live="polite">
            {counter.text}
          </span>
        </label>
        {error && (
          <p className="error-text" data-testid="form-error">
            {error}
          </p>
        )}
        <div className="row">
          <button className="btn btn-primary" data-testid="edit-save" disabled={busy || counter.over}>
            {t("common.save")}
          </button>
          <Link href={profilePath(me.username)} className="btn">
            {t("common.cancel")}
          </Link>
        </div>
      </form>
      <LanguagePicker />
      <CalendarPanel />
      <SoundSettings />
    </main>
  );
}
