// End to end across engines: A in Chromium (playwright-core, 440 Hz fake microphone), B in
// Debian's Firefox ESR (puppeteer-core over WebDriver BiDi, Firefox's own fake microphone tone).
// A starts a room and invites B; B signs up through the invite in Firefox, opens the room from
// the hallway and hears A; B raises a hand, A brings B on stage, B arrives muted (A hears
// nothing), unmutes, and A hears B's tone; the speaking ring shows on B's tile. The same shared
// flows drive both browsers (lib/firefox.mjs adapts puppeteer's page). Artifacts: `firefox-`.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { measureMicTone, waitForTone } from "./lib/audio.mjs";
import {
  acceptSpeakInviteMuted,
  createInvite,
  openRoomFromHallway,
  signUp,
  startRoom,
  unmute,
} from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("firefox-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

test("a Firefox listener hears a Chromium host, goes on stage and is heard", { timeout: 120_000 }, async () => {
  const a = await h.user("alice", 440);
  const b = await h.firefoxUser("bob", 660);
  const version = await b.browser.version();
  assert.match(version, /^firefox\//i, `B's browser is not Firefox: ${version}`);
  h.note(`B runs ${version}`);

  // A (Chromium): sign up through the bootstrap invite, start a room, create an invite.
  await signUp(a.page, server.invite, "alice", "Alice Adams");
  await startRoom(a.page, "Tones across engines", "alice");
  const inviteUrl = await createInvite(a.context, server.url);

  // B (Firefox): sign up through A's link (seeing who invited them), open the room from the
  // hallway as a listener.
  await b.page.goto(inviteUrl);
  await b.page.getByTestId("signup-invited-by").filter({ hasText: "Alice Adams" }).waitFor();
  await signUp(b.page, inviteUrl, "bob", "Bob Brown");
  // What B's fake microphone plays (Firefox's fake tone, its frequency set by a preference).
  const mic = await measureMicTone(b.page, 5000);
  assert.ok(mic.ok, `no tone on B's fake microphone: ${JSON.stringify(mic)}`);
  h.note(`B's microphone plays ${mic.peakHz} Hz (${JSON.stringify(mic)})`);
  assert.ok(Math.abs(mic.peakHz - 440) > 50, `B's tone ${mic.peakHz} Hz cannot be told from A's 440 Hz`);
  await openRoomFromHallway(b.page, "Tones across engines", "bob");
  await a.page.locator('[data-testid="participant-bob"][data-role="audience"]').waitFor();

  // B hears A's 440 Hz through Firefox's WebRTC stack; A, alone on stage, does not hear B.
  const bHears = await waitForTone(b.page, 440, 20_000);
  await h.shot(b.page, "01-bob-listens");
  assert.ok(bHears.ok, `B (Firefox) did not hear A's 440 Hz tone: ${JSON.stringify(bHears)}`);
  h.note(`B hears A: ${JSON.stringify(bHears)}`);
  const early = await waitForTone(a.page, mic.peakHz, 3000);
  assert.equal(early.ok, false, `A heard B from the audience: ${JSON.stringify(early)}`);

  // B raises a hand; A sees it and invites B on stage; B accepts and arrives muted.
  await b.page.getByTestId("raise-hand").click();
  await a.page.getByTestId("hand-bob").waitFor();
  await a.page.getByTestId("invite-to-speak-bob").click();
  await acceptSpeakInviteMuted(b.page, "bob");
  await a.page.locator('[data-testid="stage-grid"] [data-testid="participant-bob"][data-muted="true"]').waitFor();
  const muted = await waitForTone(a.page, mic.peakHz, 2000);
  assert.equal(muted.ok, false, `A heard B before B unmuted: ${JSON.stringify(muted)}`);

  // B unmutes: A sees it and hears B's tone, and B's tile shows the speaking ring.
  await unmute(b.page);
  await a.page.locator('[data-testid="stage-grid"] [data-testid="participant-bob"][data-muted="false"]').waitFor();
  const aHears = await waitForTone(a.page, mic.peakHz, 20_000);
  await h.shot(a.page, "02-alice-hears-bob");
  await h.shot(b.page, "03-bob-on-stage");
  assert.ok(aHears.ok, `A did not hear B's ${mic.peakHz} Hz tone from Firefox: ${JSON.stringify(aHears)}`);
  h.note(`A hears B: ${JSON.stringify(aHears)}`);
  await a.page.locator('[data-testid="participant-bob"][data-speaking="true"]').waitFor({ timeout: 5000 });
  // B keeps hearing A while speaking, and does not hear itself.
  const still = await waitForTone(b.page, 440, 10_000);
  assert.ok(still.ok, `B stopped hearing A once on stage: ${JSON.stringify(still)}`);
  const echo = await waitForTone(b.page, mic.peakHz, 1500);
  assert.equal(echo.ok, false, `B hears its own voice: ${JSON.stringify(echo)}`);
});
