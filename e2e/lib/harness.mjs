// What every browser test needs around it: a temp dir with the server's data dir, the server
// (startable again on the same data dir), browsers with tone microphones (Chromium or Firefox),
// screenshots and logs in e2e/artifacts/ under a per-test prefix, and one teardown that closes
// everything.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchUser } from "./browser.mjs";
import { startServer } from "./server.mjs";
import { writeToneWav } from "./wav.mjs";

/** e2e/artifacts/ (git-ignored). */
export const artifacts = new URL("../artifacts", import.meta.url).pathname;

/**
 * A test's environment. Artifacts are named `${prefix}server.log`, `${prefix}browser-console.log`
 * and `${prefix}<shot>.png`.
 */
export function createHarness(prefix = "") {
  mkdirSync(artifacts, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), "stoa-e2e-"));
  const dataDir = join(tmp, "data");
  mkdirSync(dataDir);
  const logLines = [];
  const browsers = [];
  const serverLog = join(artifacts, `${prefix}server.log`);
  let starts = 0;

  const h = {
    tmp,
    dataDir,
    logLines,
    /** The server started last (null before the first start). */
    server: null,

    /** Starts the server on the harness's data dir; `opts` as for `startServer`. */
    async startServer(opts = {}) {
      h.server = await startServer(dataDir, serverLog, { appendLog: starts++ > 0, ...opts });
      return h.server;
    },

    /**
     * Launches a browser whose microphone plays a `freq` Hz tone; { browser, context, page }.
     * `net` ({ netns, home }) runs it inside a test network namespace (see browser.mjs);
     * `locale` (e.g. "ro-RO") is the browser's language.
     */
    async user(name, freq, net = null, locale = undefined) {
      const wav = join(tmp, `${name}-${freq}.wav`);
      writeToneWav(wav, freq);
      const u = await launchUser(tmp, name, wav, logLines, net, locale);
      browsers.push(u.browser);
      return u;
    },

    /**
     * Launches Debian's Firefox ESR (puppeteer-core over WebDriver BiDi) whose fake microphone
     * plays a `freq` Hz tone; { browser, page (playwright-like, see firefox.mjs), raw }.
     */
    async firefoxUser(name, freq) {
      const { launchFirefox } = await import("./firefox.mjs");
      const u = await launchFirefox(tmp, name, freq, logLines);
      browsers.push(u.browser);
      return u;
    },

    /** A full-page screenshot to artifacts/<prefix><name>.png (`{ fullPage: false }`: the viewport). */
    shot(page, name, opts = {}) {
      return page.screenshot({ path: join(artifacts, `${prefix}${name}.png`), fullPage: true, ...opts });
    },

    /** A line in the browser log, marked as coming from the test. */
    note(line) {
      logLines.push(`[test ${new Date().toISOString()}] ${line}`);
    },

    /** Closes the browsers, stops the server, writes the browser log, removes the temp dir. */
    async teardown() {
      await Promise.allSettled(browsers.map((b) => b.close()));
      await h.server?.stop();
      writeFileSync(join(artifacts, `${prefix}browser-console.log`), logLines.join("\n") + "\n");
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  return h;
}
