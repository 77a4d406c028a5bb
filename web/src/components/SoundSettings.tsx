// "Sound on this device": the spatial audio switch (kept in this browser's storage, since it
// suits headphones, which belong to the device).
import { useTranslation } from "react-i18next";
import { useSpatialAudio } from "../media/spatialSetting";

/** The card with the switch. */
export function SoundSettings() {
  const { t } = useTranslation();
  const [spatial, setSpatial] = useSpatialAudio();
  return (
    <section className="card edit-form" data-testid="sound-settings" aria-labelledby="sound-title">
      <h2 id="sound-title">{t("sound.title")}</h2>
      <label className="check">
        <input
          type="checkbox"
          data-testid="spatial-audio-toggle"
          aria-describedby="spatial-audio-hint"
          checked={spatial}
          onChange={(e) => setSpatial(e.target.checked)}
        />
        {t("sound.label")}
      </label>
      <p className="muted-text" id="spatial-audio-hint">
        {t("sound.hint")} {t("sound.device")}
      </p>
    </section>
  );
}
