// End to end: two Chromiums with different fake microphones (A: 440 Hz, B: 660 Hz) against the
// real stoa server. A signs up with the bootstrap invite, starts a room and invites B; B signs up,
// finds the room live in the hallway, raises a hand, is invited on stage and accepts; A's page
// must then hear B's 660 Hz tone through WebAudio. Screenshots of A's room go to e2e/artifacts/.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { waitForTone } from "./lib/audio.mjs";
import { launchUser } from "./lib/browser.mjs";
import { startServer } from "./lib/server.mjs";
import { writeToneWav } from "./lib/wav.mjs";

const artifacts = new URL("./artifacts", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "stoa-e2e-"));
const logLines = [];
let server;
const browsers = [];

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  mkdirSync(join(tmp, "data"));
  server = await startServer(join(tmp, "data"), join(artifacts, "server.log"));
});

after(async () => {
  await Promise.allSettled(browsers.map((b) => b.close()));
  await server?.stop();
  writeFileSync(join(artifacts, "browser-console.log"), logLines.join("\n") + "\n");
  rmSync(tmp, { recursive: true, force: true });
});

async function user(name, freq) {
  const wav = join(tmp, `${name}-${freq}.wav`);
  writeToneWav(wav, freq);
  const u = await launchUser(tmp, name, wav, logLines);
  browsers.push(u.browser);
  return u;
}

async function signUp(page, inviteUrl, username, displayName) {
  await page.goto(inviteUrl);
  await page.getByTestId("signup-page").waitFor();
  await page.getByTestId("signup-username").fill(username);
  await page.getByTestId("signup-display-name").fill(displayName);
  await page.getByTestId("signup-password").fill("correct horse battery");
  await page.getByTestId("signup-submit").click();
  await page.getByTestId("hallway").waitFor();
}

const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

test("a listener raised on stage is heard by the moderator", { timeout: 90_000 }, async () => {
  const a = await user("alice", 440);
  const b = await user("bob", 660);

  // A's signaling socket goes through a pass-through route, so the test can drop it later.
  const aSockets = [];
  await a.page.routeWebSocket(/\/api\/ws$/, (ws) => {
    aSockets.push({ page: ws, server: ws.connectToServer() });
  });

  // A: sign up through the bootstrap invite and start a room.
  await signUp(a.page, server.invite, "alice", "Alice Adams");
  await a.page.getByTestId("new-room-title").fill("Tones and overtones");
  await a.page.getByTestId("new-room-submit").click();
  await a.page.getByTestId("room-page").waitFor();
  const aliceTile = a.page.getByTestId("participant-alice");
  await aliceTile.waitFor();
  assert.equal(await aliceTile.getAttribute("data-role"), "moderator");
  await shot(a.page, "01-alice-room-started");

  // A: create an invite from a second tab (leaving the room page would leave the room).
  const invitesTab = await a.context.newPage();
  await invitesTab.goto(new URL("/invites", server.url).href);
  await invitesTab.getByTestId("invite-create").click();
  const inviteUrl = await invitesTab.getByTestId("invite-url").inputValue();
  assert.match(inviteUrl, /\/invite\/\S+$/);
  await invitesTab.close();

  // B: sign up through A's link, see who invited them, find the room live in the hallway.
  await b.page.goto(inviteUrl);
  await b.page.getByTestId("signup-invited-by").filter({ hasText: "Alice Adams" }).waitFor();
  await signUp(b.page, inviteUrl, "bob", "Bob Brown");
  const card = b.page.getByTestId("hallway-room").filter({ hasText: "Tones and overtones" });
  await card.waitFor();
  await card.click();
  await b.page.getByTestId("room-page").waitFor();
  assert.equal(await b.page.getByTestId("participant-bob").getAttribute("data-role"), "audience");
  await b.page.getByTestId("raise-hand").click();

  // The detector must not hear B while B is in the audience (no false positives).
  const early = await waitForTone(a.page, 660, 1500);
  assert.equal(early.ok, false, `heard 660 Hz from the audience: ${JSON.stringify(early)}`);

  // A: sees the hand and invites B.
  await a.page.getByTestId("hand-bob").waitFor();
  await shot(a.page, "02-alice-sees-hand");
  await a.page.getByTestId("invite-to-speak-bob").click();

  // B: accepts, and unmutes if the server put them on stage muted.
  await b.page.getByTestId("speak-invite-banner").waitFor();
  await b.page.getByTestId("speak-accept").click();
  await b.page.locator('[data-testid="participant-bob"][data-role="speaker"]').waitFor();
  const toggle = b.page.getByTestId("mute-toggle");
  if ((await toggle.getAttribute("data-muted")) === "true") {
    await toggle.click();
    await b.page.locator('[data-testid="mute-toggle"][data-muted="false"]').waitFor();
  }

  // A: B is on stage, and B's tone arrives.
  await a.page.locator('[data-testid="stage-grid"] [data-testid="participant-bob"]').waitFor();
  const heard = await waitForTone(a.page, 660, 20_000);
  await shot(a.page, "03-alice-hears-bob");
  assert.ok(heard.ok, `A did not hear B's 660 Hz tone: ${JSON.stringify(heard)}`);
  logLines.push(`[test] tone detected: ${JSON.stringify(heard)}`);
  // B hears A's 440 Hz; A does not hear herself.
  const bHears = await waitForTone(b.page, 440, 10_000);
  assert.ok(bHears.ok, `B did not hear A's 440 Hz tone: ${JSON.stringify(bHears)}`);
  const echo = await waitForTone(a.page, 440, 1500);
  assert.equal(echo.ok, false, `A hears her own voice: ${JSON.stringify(echo)}`);
  // The speaking ring on B's tile.
  await a.page.locator('[data-testid="participant-bob"][data-speaking="true"]').waitFor({ timeout: 5000 });

  // A's signaling socket drops: the page reconnects, rejoins with the same role, builds a new
  // peer connection and hears B again.
  await a.page.evaluate(() => Object.assign(window.__stoa.pc, { __beforeDrop: true }));
  const before = aSockets.length;
  const last = aSockets[aSockets.length - 1];
  await last.page.close({ code: 1001, reason: "test: network drop" });
  await last.server.close({ code: 1001, reason: "test: network drop" });
  await a.page.waitForFunction(() => window.__stoa?.pc && !window.__stoa.pc.__beforeDrop, null, { timeout: 15_000 });
  assert.ok(aSockets.length > before, "A's page did not open a new socket");
  await a.page.locator('[data-testid="participant-alice"][data-role="moderator"]').waitFor();
  const again = await waitForTone(a.page, 660, 15_000);
  await shot(a.page, "04-alice-after-reconnect");
  assert.ok(again.ok, `A did not hear B after reconnecting: ${JSON.stringify(again)}`);
});
