// The language switch of the settings: English or Română. A choice applies at once (the whole
// client re-renders in it) and is kept on the server for the member (`PATCH /api/me`), so it
// follows them to every device and their notifications are written in it too.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { language, setLanguage } from "../i18n";
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from "../i18n/language";
import { useAuth } from "../state/auth";
import { useToast } from "../state/toasts";
import { errorText } from "../state/useLoad";

/** The language card of the settings page. */
export function LanguagePicker() {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const change = async (lang: Language) => {
    const before = language();
    await setLanguage(lang);
    setBusy(true);
    try {
      setMe(await peopleApi.updateMe({ language: lang }));
      toast(t("language.saved", { lng: lang }), "info");
    } catch (e) {
      await setLanguage(before);
      toast(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card edit-form" data-testid="language-panel" aria-labelledby="language-title">
      <h2 id="language-title">{t("language.title")}</h2>
      <label className="field">
        <span className="field-label">{t("language.label")}</span>
        <select data-testid="language-select" value={language()} disabled={busy} onChange={(e) => isLanguage(e.target.value) && void change(e.target.value)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <span className="field-hint">{t("language.hint")}</span>
    </section>
  );
}
