// Launches Debian Chromium through playwright-core with exactly the flags DESIGN.md lists:
// the base flags, a fresh user-data-dir, the debugging pipe, a fake microphone playing `wav`,
// autoplay without gesture, loopback ICE candidates, and no DNS except loopback.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BASE_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The full argument list for one browser. */
export function chromiumArgs(userDataDir, wav) {
  return [
    ...BASE_FLAGS,
    `--user-data-dir=${userDataDir}`,
    "--remote-debugging-pipe",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${wav}`,
    "--autoplay-policy=no-user-gesture-required",
    "--allow-loopback-in-peer-connection",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
  ];
}

/** Launches one browser whose microphone plays `wav`; returns { browser, context, page }. */
export async function launchUser(tmp, name, wav, logLines) {
  const userDataDir = mkdtempSync(join(tmp, `chrome-${name}-`));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
    ignoreDefaultArgs: true,
    args: chromiumArgs(userDataDir, wav),
    timeout: 20_000,
  });
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  // Fidelity: no noise suppression / AGC on the fake microphone (they would eat a steady tone).
  await context.addInitScript(() => localStorage.setItem("stoa.rawMic", "1"));
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on("console", (m) => logLines.push(`[${name} console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => logLines.push(`[${name} pageerror] ${e.message}`));
  return { browser, context, page };
}
