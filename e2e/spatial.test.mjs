// End to end: spatial audio. Alice (440 Hz) starts a room and so stands first on its stage (on
// the left); Bob (660 Hz) is invited up and stands second (on the right). Carol listens from the
// audience: on her page's panned output (a ChannelSplitter and an AnalyserNode per ear, through
// `window.__stoa.audio`) Alice's tone must be louder in the left ear and Bob's in the right, and
// the slots' <audio> elements play muted (the panned mix is what she hears). Carol browses to her
// settings (the room plays on) and turns spatial audio off: both tones are then centred (left and
// right within 1.5 dB) and the elements play unpanned; the choice survives a reload (this
// device's localStorage). Prefix `spatial-`.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { stereoLevels } from "./lib/audio.mjs";
import { acceptSpeakInvite, createInvite, openRoomFromHallway, signUp, startRoom } from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("spatial-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

const TITLE = "Left and right";
const ALICE = 440;
const BOB = 660;
/** How much louder a panned tone must be in its own ear (pan ±0.6 gives about 10 dB). */
const SIDE_DB = 5;
/** How close the two ears must be when centred. */
const CENTRE_DB = 1.5;

/** Both tones well above the noise floor in at least one ear. */
function bothHeard(r) {
  return [ALICE, BOB].every((f) => Math.max(r.tones[f].left, r.tones[f].right) - r.floor >= 30);
}

function panned(r) {
  return (
    bothHeard(r) &&
    r.tones[ALICE].left - r.tones[ALICE].right >= SIDE_DB &&
    r.tones[BOB].right - r.tones[BOB].left >= SIDE_DB
  );
}

function centred(r) {
  return bothHeard(r) && [ALICE, BOB].every((f) => Math.abs(r.tones[f].left - r.tones[f].right) <= CENTRE_DB);
}

/** Polls the page's stereo levels until `ok` holds; fails with the last reading after `timeoutMs`. */
async function waitForStereo(page, ok, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await stereoLevels(page, [ALICE, BOB]);
    if (last.error) break;
    if (ok(last)) return last;
  }
  assert.fail(`${what}: ${JSON.stringify(last)}`);
}

/** Whether every slot's <audio> element on `page` is muted (true), unmuted (false), or mixed. */
function slotElementsMuted(page) {
  return page.evaluate(() => {
    const els = Array.from(document.querySelectorAll('[data-testid="room-audio"] audio'));
    if (els.length === 0) return "none";
    return els.every((e) => e.muted) ? true : els.every((e) => !e.muted) ? false : "mixed";
  });
}

test("each speaker is heard from their place on stage, and centred with spatial audio off", { timeout: 150_000 }, async () => {
  const a = await h.user("alice", ALICE);
  const b = await h.user("bob", BOB);
  const c = await h.user("carol", 550);

  await signUp(a.page, server.invite, "alice", "Alice Adams");
  await startRoom(a.page, TITLE, "alice");
  const bobInvite = await createInvite(a.context, server.url);
  const carolInvite = await createInvite(a.context, server.url);

  // Bob: raises a hand, Alice invites him up, he accepts and unmutes: second on stage.
  await signUp(b.page, bobInvite, "bob", "Bob Brown");
  await openRoomFromHallway(b.page, TITLE, "bob");
  await b.page.getByTestId("raise-hand").click();
  await a.page.getByTestId("invite-to-speak-bob").click();
  await acceptSpeakInvite(b.page, "bob");

  // Carol listens from the audience; her stage shows Alice, then Bob.
  await signUp(c.page, carolInvite, "carol", "Carol Cole");
  await openRoomFromHallway(c.page, TITLE, "carol");
  await c.page.locator('[data-testid="stage-grid"] [data-testid="participant-bob"][data-muted="false"]').waitFor();
  const order = await c.page.locator('[data-testid="stage-grid"] [data-testid^="participant-"]').evaluateAll((els) =>
    els.map((e) => e.dataset.testid),
  );
  assert.deepEqual(order, ["participant-alice", "participant-bob"]);

  const on = await waitForStereo(c.page, panned, "Alice not on the left and Bob not on the right");
  h.note(`spatial on: ${JSON.stringify(on)}`);
  assert.equal(on.spatial, true, "the panned mix is not what plays");
  assert.equal(await slotElementsMuted(c.page), true, "the slots' <audio> elements play besides the panned mix");
  await h.shot(c.page, "01-carol-in-the-room");

  // Carol: to her settings through the top bar and her profile; the room plays on.
  await c.page.getByTestId("me").click();
  await c.page.getByTestId("edit-profile").click();
  await c.page.getByTestId("mini-player").waitFor();
  const toggle = c.page.getByTestId("spatial-audio-toggle");
  assert.equal(await toggle.isChecked(), true, "spatial audio is not on by default");
  await toggle.uncheck();
  await h.shot(c.page, "02-carol-sound-settings");

  const off = await waitForStereo(c.page, centred, "the tones are not centred with spatial audio off");
  h.note(`spatial off: ${JSON.stringify(off)}`);
  assert.equal(off.spatial, false);
  assert.deepEqual(off.pans, [0, 0, 0]);
  assert.equal(await slotElementsMuted(c.page), false, "with spatial audio off the <audio> elements must play");

  // The choice belongs to this device: stored, and still off after a reload.
  assert.equal(await c.page.evaluate(() => localStorage.getItem("stoa.spatialAudio")), "off");
  await c.page.reload();
  await c.page.getByTestId("sound-settings").waitFor();
  assert.equal(await c.page.getByTestId("spatial-audio-toggle").isChecked(), false);
});
