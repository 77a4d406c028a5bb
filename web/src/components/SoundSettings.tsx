// "Sound on this device": the spatial audio switch (kept in this browser's storage, since it
// suits headphones, which belong to the device).
import { useSpatialAudio } from "../media/spatialSetting";

const TEXT = {
  title: "Sound on this device",
  label: "Spatial audio",
  hint:
    "Hear each speaker from their place on stage: the left of the stage in your left ear, the right in your right. " +
    "Made for headphones. On loudspeakers, turn it off: your browser then cancels the room's echo better.",
  device: "Saved in this browser only.",
};

/** The card with the switch. */
export function SoundSettings() {
  const [spatial, setSpatial] = useSpatialAudio();
  return (
    <section className="card edit-form" data-testid="sound-settings" aria-labelledby="sound-title">
      <h2 id="sound-title">{TEXT.title}</h2>
      <label className="check">
        <input
          type="checkbox"
          data-testid="spatial-audio-toggle"
          aria-describedby="spatial-audio-hint"
          checked={spatial}
          onChange={(e) => setSpatial(e.target.checked)}
        />
        {TEXT.label}
      </label>
      <p className="muted-text" id="spatial-audio-hint">
        {TEXT.hint} {TEXT.device}
      </p>
    </section>
  );
}
