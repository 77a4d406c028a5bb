// Launches Debian Chromium through playwright-core with exactly the flags DESIGN.md lists:
// the base flags, a fresh user-data-dir, the debugging pipe, a fake microphone playing `wav`,
// autoplay without gesture, loopback ICE candidates, and no DNS except loopback. In a test
// network namespace (`netns`) instead: none of the loopback flags, no resolver rule (names come
// from the namespace's /etc/hosts), and a per-browser HOME whose NSS database trusts the test CA.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

/** The full argument list for one browser (`loopback: false` for one in a test network). */
export function chromiumArgs(userDataDir, wav, { loopback = true } = {}) {
  const args = [
    ...BASE_FLAGS,
    `--user-data-dir=${userDataDir}`,
    "--remote-debugging-pipe",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${wav}`,
    "--autoplay-policy=no-user-gesture-required",
  ];
  if (loopback) {
    args.push(
      "--allow-loopback-in-peer-connection",
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
    );
  }
  return args;
}

const chromiumBin = () => process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

/**
 * A script that runs Chromium inside namespace `netns` with HOME=`home` (playwright-core starts
 * it as the browser; the debugging pipe's file descriptors pass through `ip netns exec`).
 */
function namespacedChromium(dir, netns, home) {
  const path = join(dir, "chromium-in-netns");
  writeFileSync(path, `#!/bin/sh\nexport HOME='${home}'\nexec ip netns exec '${netns}' '${chromiumBin()}' "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * Launches one browser whose microphone plays `wav`; returns { browser, context, page }.
 * `net`: { netns, home } to run it inside a test network namespace with that HOME (see top).
 * `locale` (e.g. "ro-RO") sets the page's languages (`navigator.languages`, Accept-Language);
 * by default Chromium's own (English here).
 */
export async function launchUser(tmp, name, wav, logLines, net = null, locale = undefined) {
  const userDataDir = mkdtempSync(join(tmp, `chrome-${name}-`));
  let executablePath = chromiumBin();
  if (net) {
    mkdirSync(net.home, { recursive: true });
    executablePath = namespacedChromium(net.home, net.netns, net.home);
  }
  const browser = await chromium.launch({
    executablePath,
    ignoreDefaultArgs: true,
    args: chromiumArgs(userDataDir, wav, { loopback: !net }),
    timeout: 20_000,
  });
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, ...(locale ? { locale } : {}) });
  // Fidelity: no noise suppression / AGC on the fake microphone (they would eat a steady tone).
  await context.addInitScript(() => localStorage.setItem("stoa.rawMic", "1"));
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on("console", (m) => logLines.push(`[${name} console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => logLines.push(`[${name} pageerror] ${e.message}`));
  return { browser, context, page };
}
