// Listens, inside a page, through WebAudio analysers: to every receiver of `window.__stoa.pc`
// (what the page hears) or to a fresh capture of its own microphone (what it would send), and
// waits until one of them carries a tone well above its noise floor. Works in Chromium and in
// Firefox (whose AudioContext needs an audio backend to start: see lib/firefox.mjs).

/**
 * Resolves to { ok, slot, peakHz, peakDb, floorDb } once a receiver's FFT peak (100 Hz–4 kHz) is
 * within 3 bins of `freq` and at least `minSnrDb` above the median bin, or { ok: false, best }
 * after `timeoutMs`.
 */
export function waitForTone(page, freq, timeoutMs, minSnrDb = 30) {
  return page.evaluate(listen, { source: "receivers", freq, timeoutMs, minSnrDb });
}

/**
 * The tone the page's microphone plays (a fake device's), measured on a capture of its own that
 * is stopped afterwards: { ok, peakHz, peakDb, floorDb } once a peak stands `minSnrDb` above the
 * median bin, or { ok: false, best } after `timeoutMs`.
 */
export function measureMicTone(page, timeoutMs, minSnrDb = 30) {
  return page.evaluate(listen, { source: "microphone", freq: null, timeoutMs, minSnrDb });
}

/** Runs in the page (serialized by `evaluate`: self-contained). `freq: null` takes any peak. */
async function listen({ source, freq, timeoutMs, minSnrDb }) {
  let tracks;
  let stopTracks = () => undefined;
  if (source === "microphone") {
    const constraints = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
    const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints });
    tracks = stream.getAudioTracks();
    stopTracks = () => tracks.forEach((t) => t.stop());
  } else {
    const pc = window.__stoa?.pc;
    if (!pc) return { ok: false, error: "window.__stoa.pc is not set" };
    tracks = pc
      .getReceivers()
      .map((r) => r.track)
      .filter((t) => t.kind === "audio");
  }
  const ctx = new AudioContext();
  try {
    // A context that cannot start (no audio backend, autoplay refused) never resolves resume().
    const started = await Promise.race([
      ctx.resume().then(() => true),
      new Promise((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!started) return { ok: false, error: `AudioContext did not start (state: ${ctx.state})` };
    const FFT = 8192;
    const analysers = tracks.map((track) => {
      const src = ctx.createMediaStreamSource(new MediaStream([track]));
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
        const onFreq = freq === null || Math.abs(peakHz - freq) <= 3 * binHz;
        if (onFreq && peakDb - floorDb >= minSnrDb) return { ok: true, ...result };
      }
    }
    return { ok: false, best, receivers: analysers.length };
  } finally {
    stopTracks();
    await ctx.close();
  }
}

/**
 * Left and right levels of each tone in `freqs` on the page's panned room output
 * (`window.__stoa.audio.tap()`: a ChannelSplitter and an AnalyserNode per ear), averaged over
 * `frames` FFT reads 100 ms apart: { spatial, pans, tones: { [freq]: { left, right } } (dB, the
 * peak within 3 bins of the tone), floor } (floor: the median bin of both ears, dB).
 */
export function stereoLevels(page, freqs, frames = 5) {
  return page.evaluate(
    async ({ freqs, frames }) => {
      const audio = window.__stoa?.audio;
      if (!audio) return { error: "window.__stoa.audio is not set" };
      const { left, right, sampleRate } = audio.tap();
      const binHz = sampleRate / left.fftSize;
      const sums = { left: new Float64Array(left.frequencyBinCount), right: new Float64Array(right.frequencyBinCount) };
      for (let f = 0; f < frames; f++) {
        await new Promise((r) => setTimeout(r, 100));
        for (const [ear, an] of [["left", left], ["right", right]]) {
          const buf = new Float32Array(an.frequencyBinCount);
          an.getFloatFrequencyData(buf);
          for (let i = 0; i < buf.length; i++) sums[ear][i] += Number.isFinite(buf[i]) ? buf[i] : -200;
        }
      }
      const mean = (ear) => Array.from(sums[ear], (v) => v / frames);
      const ears = { left: mean("left"), right: mean("right") };
      const peakNear = (bins, freq) => {
        const c = Math.round(freq / binHz);
        return Math.round(Math.max(...bins.slice(c - 3, c + 4)) * 10) / 10;
      };
      const tones = {};
      for (const freq of freqs) tones[freq] = { left: peakNear(ears.left, freq), right: peakNear(ears.right, freq) };
      const band = [...ears.left, ...ears.right].slice().sort((a, b) => a - b);
      return { spatial: audio.spatial(), pans: audio.pans(), tones, floor: Math.round(band[Math.floor(band.length / 2)]) };
    },
    { freqs, frames },
  );
}
