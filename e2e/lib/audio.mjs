// Listens, inside a page, to every receiver of `window.__stoa.pc` through WebAudio analysers and
// waits until one of them carries a tone at `freq` well above its noise floor.

/**
 * Resolves to { ok, slot, peakHz, peakDb, floorDb } once a receiver's FFT peak (100 Hz–4 kHz) is
 * within 3 bins of `freq` and at least `minSnrDb` above the median bin, or { ok: false, best }
 * after `timeoutMs`.
 */
export function waitForTone(page, freq, timeoutMs, minSnrDb = 30) {
  return page.evaluate(
    async ({ freq, timeoutMs, minSnrDb }) => {
      const pc = window.__stoa?.pc;
      if (!pc) return { ok: false, error: "window.__stoa.pc is not set" };
      const ctx = new AudioContext();
      await ctx.resume();
      const FFT = 8192;
      const analysers = pc
        .getReceivers()
        .filter((r) => r.track.kind === "audio")
        .map((r) => {
          const src = ctx.createMediaStreamSource(new MediaStream([r.track]));
          const an = ctx.createAnalyser();
          an.fftSize = FFT;
          an.smoothingTimeConstant = 0.2;
          src.connect(an);
          return an;
        });
      const binHz = ctx.sampleRate / FFT;
      const lo = Math.floor(100 / binHz);
      const hi = Math.ceil(4000 / binHz);
      const deadline = performance.now() + timeoutMs;
      let best = null;
      try {
        while (performance.now() < deadline) {
          await new Promise((r) => setTimeout(r, 150));
          for (let slot = 0; slot < analysers.length; slot++) {
            const buf = new Float32Array(analysers[slot].frequencyBinCount);
            analysers[slot].getFloatFrequencyData(buf);
            const band = Array.from(buf.slice(lo, hi), (v) => (Number.isFinite(v) ? v : -200));
            let peak = 0;
            for (let i = 1; i < band.length; i++) if (band[i] > band[peak]) peak = i;
            const sorted = band.slice().sort((a, b) => a - b);
            const floorDb = sorted[Math.floor(sorted.length / 2)];
            const peakDb = band[peak];
            const peakHz = (peak + lo) * binHz;
            const result = { slot, peakHz: Math.round(peakHz), peakDb: Math.round(peakDb), floorDb: Math.round(floorDb) };
            if (!best || peakDb - floorDb > best.peakDb - best.floorDb) best = result;
            if (Math.abs(peakHz - freq) <= 3 * binHz && peakDb - floorDb >= minSnrDb) return { ok: true, ...result };
          }
        }
        return { ok: false, best, receivers: analysers.length };
      } finally {
        await ctx.close();
      }
    },
    { freq, timeoutMs, minSnrDb },
  );
}
