import { describe, expect, it, vi } from "vitest";
import { micConstraints } from "./config";

function storage(value: string | null) {
  vi.stubGlobal("localStorage", { getItem: (key: string) => (key === "stoa.rawMic" ? value : null) });
}

describe("micConstraints", () => {
  it("uses the browser's processed microphone by default", () => {
    storage(null);
    expect(micConstraints()).toBe(true);
    storage("0");
    expect(micConstraints()).toBe(true);
  });

  it("turns all processing off with stoa.rawMic = 1", () => {
    storage("1");
    expect(micConstraints()).toEqual({ echoCancellation: false, noiseSuppression: false, autoGainControl: false });
  });

  it("falls back to the default when storage is unavailable", () => {
    vi.stubGlobal("localStorage", {
      getItem: () => {
        throw new Error("SecurityError");
      },
    });
    expect(micConstraints()).toBe(true);
  });
});
