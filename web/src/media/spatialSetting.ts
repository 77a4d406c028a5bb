// The spatial audio preference: on unless turned off, kept per device in localStorage (it suits
// headphones, which are a property of the device, not of the member). Changes reach the room's
// audio at once, in this tab and in the others.
import { useCallback, useSyncExternalStore } from "react";

/** The localStorage key; "off" turns spatial audio off, anything else (or nothing) leaves it on. */
export const SPATIAL_KEY = "stoa.spatialAudio";

const EVENT = "stoa:spatial-audio";

/** Whether a stored value means spatial audio is on (the default when nothing is stored). */
export function spatialFromStored(value: string | null): boolean {
  return value !== "off";
}

/** The current preference (on when storage cannot be read). */
export function spatialAudioEnabled(): boolean {
  try {
    return spatialFromStored(localStorage.getItem(SPATIAL_KEY));
  } catch {
    return true;
  }
}

/** Stores the preference and tells this tab's listeners (other tabs hear the storage event). */
export function setSpatialAudio(on: boolean): void {
  try {
    if (on) localStorage.removeItem(SPATIAL_KEY);
    else localStorage.setItem(SPATIAL_KEY, "off");
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  window.dispatchEvent(new Event(EVENT));
}

function subscribe(fn: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key === SPATIAL_KEY) fn();
  };
  window.addEventListener(EVENT, fn);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(EVENT, fn);
    window.removeEventListener("storage", onStorage);
  };
}

/** The preference and its setter, re-rendering when it changes anywhere. */
export function useSpatialAudio(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, spatialAudioEnabled);
  const set = useCallback((v: boolean) => setSpatialAudio(v), []);
  return [on, set];
}
