// Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi (no geckodriver, no browser
// download), with a fake microphone playing a tone, and a small adapter that gives its page the
// subset of playwright's Page API that lib/flows.mjs and lib/audio.mjs use (`getByTestId`,
// `locator`, `filter({ hasText })`, `waitFor`, `click`, `fill`, `getAttribute`, `evaluate`,
// `waitForFunction`, `goto`, `screenshot`), so the same flows drive both engines.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const firefoxBin = () => process.env.FIREFOX_BIN ?? "/usr/bin/firefox-esr";

/**
 * The preferences of one test Firefox: a fake microphone playing `freq` Hz without a permission
 * prompt, autoplay (media and WebAudio) without a gesture, and cubeb's mock audio backend, so
 * that an AudioContext runs (and can be measured) on a host with no sound device (with the
 * default backend it stays "suspended" forever there). ICE on loopback needs two: the loopback
 * pref, and the microphone allowed by default, as for a member who said "always allow" (without
 * a capture or a permission, Firefox gathers only the default route's address: none offline).
 */
export function firefoxPrefs(freq) {
  return {
    "media.navigator.streams.fake": true,
    "media.navigator.permission.disabled": true,
    "media.navigator.audio.fake_frequency": freq,
    "media.autoplay.default": 0,
    "media.autoplay.blocking_policy": 0,
    "media.cubeb.force_mock_context": true,
    "media.peerconnection.ice.loopback": true,
    "permissions.default.microphone": 1,
    // Nothing reaches out on its own: no telemetry, no captive-portal or connectivity probe.
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.enabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
  };
}

/**
 * Launches Firefox with its profile and HOME under `dir` (removed with the test's temp dir) and a
 * fake microphone at `freq` Hz; resolves to { browser, page (the adapter), raw (puppeteer's) }.
 */
export async function launchFirefox(dir, name, freq, logLines) {
  const home = join(dir, `firefox-${name}`);
  const profile = join(home, "profile");
  mkdirSync(profile, { recursive: true });
  const browser = await puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath: firefoxBin(),
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: firefoxPrefs(freq),
    // Its own HOME (Firefox writes under ~/.mozilla even with a profile given); no crash reporter.
    env: { ...process.env, HOME: home, MOZ_CRASHREPORTER_DISABLE: "1" },
    timeout: 30_000,
  });
  const raw = (await browser.pages())[0] ?? (await browser.newPage());
  await raw.setViewport({ width: 1000, height: 760 });
  raw.setDefaultTimeout(15_000);
  // Fidelity: no noise suppression / AGC on the fake microphone (as for Chromium).
  await raw.evaluateOnNewDocument(() => {
    try {
      localStorage.setItem("stoa.rawMic", "1");
    } catch {
      // about:blank has no storage; the app's pages do.
    }
  });
  raw.on("console", (m) => logLines.push(`[${name} firefox console.${m.type()}] ${m.text()}`));
  raw.on("pageerror", (e) => logLines.push(`[${name} firefox pageerror] ${e.message}`));
  return { browser, page: new FirefoxPage(raw), raw };
}

/** Playwright's Page API, the part the shared flows use, over a puppeteer Page. */
export class FirefoxPage {
  constructor(page) {
    this.raw = page;
  }
  /** Loads `url` and waits for its load event. */
  goto(url) {
    return this.raw.goto(url, { waitUntil: "load" });
  }
  getByTestId(id) {
    return new Locator(this.raw, `[data-testid="${id}"]`);
  }
  locator(css) {
    return new Locator(this.raw, css);
  }
  /** As playwright's: one serializable argument. */
  evaluate(fn, arg) {
    return this.raw.evaluate(fn, arg);
  }
  /** As playwright's (fn, arg, { timeout }): resolves once `fn(arg)` is truthy in the page. */
  waitForFunction(fn, arg, opts = {}) {
    return this.raw.waitForFunction(fn, { polling: 100, ...opts }, arg);
  }
  screenshot(opts) {
    return this.raw.screenshot(opts);
  }
  url() {
    return this.raw.url();
  }
}

/**
 * The elements matching `css` (and containing `text`: case-insensitive, whitespace collapsed, as
 * playwright's `hasText`), looked up anew on every use. Actions take the first visible match.
 */
class Locator {
  constructor(page, css, text = null) {
    this.page = page;
    this.css = css;
    this.text = text;
  }

  filter({ hasText }) {
    return new Locator(this.page, this.css, hasText);
  }

  /** Waits for `state`: "visible" (default), "attached", "hidden" or "detached". */
  async waitFor({ state = "visible", timeout } = {}) {
    const handle = await this.#wait(state, timeout);
    await handle.dispose();
  }

  async click({ timeout } = {}) {
    const el = await this.#wait("visible", timeout);
    try {
      await el.asLocator().setTimeout(timeout ?? 15_000).click();
    } finally {
      await el.dispose();
    }
  }

  /** Replaces the field's value by typing `value` (React sees real input events). */
  async fill(value, { timeout } = {}) {
    const el = await this.#wait("visible", timeout);
    try {
      await el.asLocator().setTimeout(timeout ?? 15_000).fill(value);
    } finally {
      await el.dispose();
    }
  }

  async getAttribute(name, { timeout } = {}) {
    const el = await this.#wait("attached", timeout);
    try {
      return await el.evaluate((e, n) => e.getAttribute(n), name);
    } finally {
      await el.dispose();
    }
  }

  async inputValue({ timeout } = {}) {
    const el = await this.#wait("attached", timeout);
    try {
      return await el.evaluate((e) => e.value);
    } finally {
      await el.dispose();
    }
  }

  /** Resolves to a handle: the element for "visible"/"attached", `true` otherwise. */
  async #wait(state, timeout) {
    const opts = { polling: 100, ...(timeout === undefined ? {} : { timeout }) };
    const handle = await this.page.waitForFunction(pick, opts, this.css, this.text, state);
    return handle.asElement() ?? handle;
  }
}

/** Runs in the page: the element (or `true`) that satisfies `state`, else `false`. */
function pick(css, text, state) {
  const norm = (s) => s.replace(/\s+/g, " ").trim().toLowerCase();
  const want = text === null ? null : norm(text);
  const all = Array.from(document.querySelectorAll(css)).filter(
    (e) => want === null || norm(e.textContent ?? "").includes(want),
  );
  const visible = (e) => e.getClientRects().length > 0 && e.checkVisibility({ visibilityProperty: true });
  if (state === "detached") return all.length === 0;
  if (state === "hidden") return all.every((e) => !visible(e));
  if (state === "attached") return all[0] ?? false;
  return all.find(visible) ?? false;
}
