// End to end across a server restart: A (moderator, 440 Hz) and B (speaker after raise hand →
// invite → accept, 660 Hz) are in a room and A hears B. Then the stoa process is stopped with
// SIGTERM and started again on the same HTTP and media ports and the same data dir. Without a
// reload, both pages must reconnect by themselves: A back as moderator, B back as speaker, and A
// hearing B's tone again through WebAudio within RECOVERY_MS of the new server being up.
// Screenshots of A's view before and after go to e2e/artifacts/restart-*.png.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { waitForTone } from "./lib/audio.mjs";
import {
  acceptSpeakInvite,
  createInvite,
  markPeerConnection,
  openRoomFromHallway,
  signUp,
  startRoom,
  waitForNewPeerConnection,
  waitForRole,
} from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

/** From the restarted server printing its addresses to A hearing B again. */
const RECOVERY_MS = 20_000;
const TITLE = "Still here after a restart";

const h = createHarness("restart-");
after(() => h.teardown());

test("both pages recover their room, roles and audio after a server restart", { timeout: 90_000 }, async () => {
  const first = await h.startServer();
  const a = await h.user("alice", 440);
  const b = await h.user("bob", 660);

  // A moderates a room; B joins, raises a hand, is invited on stage and accepts.
  await signUp(a.page, first.invite, "alice", "Alice Adams");
  await startRoom(a.page, TITLE, "alice");
  const inviteUrl = await createInvite(a.context, first.url);
  await signUp(b.page, inviteUrl, "bob", "Bob Brown");
  await openRoomFromHallway(b.page, TITLE, "bob");
  await b.page.getByTestId("raise-hand").click();
  await a.page.getByTestId("invite-to-speak-bob").click();
  await acceptSpeakInvite(b.page, "bob");
  await a.page.locator('[data-testid="stage-grid"] [data-testid="participant-bob"]').waitFor();
  const heard = await waitForTone(a.page, 660, 20_000);
  await h.shot(a.page, "01-alice-before-restart");
  assert.ok(heard.ok, `A did not hear B before the restart: ${JSON.stringify(heard)}`);
  h.note(`before restart: ${JSON.stringify(heard)}`);

  // Marks that a reload would wipe, and the peer connections that must be replaced.
  for (const page of [a.page, b.page]) {
    await page.evaluate(() => {
      window.__e2eNotReloaded = true;
    });
    await markPeerConnection(page);
  }

  // SIGTERM; the process must exit by itself (no SIGKILL), and both pages notice the outage.
  const exit = await first.stop();
  h.note(`server stopped: ${JSON.stringify(exit)}`);
  assert.equal(exit.killed, false, `stoa did not exit within 3 s of SIGTERM: ${JSON.stringify(exit)}`);
  await a.page.getByTestId("reconnecting").waitFor({ timeout: 5000 });
  await b.page.getByTestId("reconnecting").waitFor({ timeout: 5000 });

  // The same binary, ports and data dir; the database is not empty, so no bootstrap invite.
  const second = await h.startServer({ http: first.http, media: first.media, expectInvite: false });
  const upAt = Date.now();
  assert.equal(second.url, first.url);
  assert.equal(second.media, first.media);
  const left = () => Math.max(1, RECOVERY_MS - (Date.now() - upAt));

  // Both pages reconnect and build new peer connections by themselves.
  await Promise.all([waitForNewPeerConnection(a.page, left()), waitForNewPeerConnection(b.page, left())]);
  h.note(`new peer connections ${Date.now() - upAt} ms after the restart`);
  for (const page of [a.page, b.page]) {
    assert.equal(await page.evaluate(() => window.__e2eNotReloaded), true, "a page was reloaded");
    await page.getByTestId("reconnecting").waitFor({ state: "detached", timeout: left() });
    // Roles as each page's DOM shows them.
    await waitForRole(page, "alice", "moderator", left());
    await waitForRole(page, "bob", "speaker", left());
  }
  assert.equal(await b.page.getByTestId("mute-toggle").getAttribute("data-muted"), "false");

  // A hears B's tone again within the recovery budget.
  const again = await waitForTone(a.page, 660, left());
  const recoveredMs = Date.now() - upAt;
  await h.shot(a.page, "02-alice-after-restart");
  assert.ok(again.ok, `A did not hear B within ${RECOVERY_MS} ms of the restart: ${JSON.stringify(again)}`);
  h.note(`after restart (${recoveredMs} ms): ${JSON.stringify(again)}`);
  // And B hears A.
  const bHears = await waitForTone(b.page, 440, 10_000);
  assert.ok(bHears.ok, `B did not hear A after the restart: ${JSON.stringify(bHears)}`);
});
