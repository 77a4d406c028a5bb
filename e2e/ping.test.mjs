// End to end: A starts a CLOSED room from the web client and pings B through the room's
// "Ping someone" dialog. B (signed in, on the hallway, where the closed room is not listed, and
// refused with a clear message when opening its URL before the ping) gets the notification
// live, joins with one click and hears A's 440 Hz tone through WebAudio.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { waitForTone } from "./lib/audio.mjs";
import { createInvite, signUp } from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("ping-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

const TITLE = "Back-room chat";

test("a member pinged into a closed room joins it with one click and hears the stage", { timeout: 90_000 }, async () => {
  const a = await h.user("alice", 440);
  const b = await h.user("bob", 660);

  await signUp(a.page, server.invite, "alice", "Alice Adams");
  const inviteUrl = await createInvite(a.context, server.url);
  await signUp(b.page, inviteUrl, "bob", "Bob Brown");

  // A: start a closed room (kind chosen in the form).
  await a.page.getByTestId("new-room-title").fill(TITLE);
  await a.page.getByTestId("new-room-kind-closed").click();
  await a.page.getByTestId("new-room-submit").click();
  await a.page.getByTestId("room-page").waitFor();
  await a.page.locator('[data-testid="participant-alice"][data-role="moderator"]').waitFor();
  await a.page.locator('[data-testid="room-kind"][data-kind="closed"]').waitFor();
  const roomId = await a.page.getByTestId("room-page").getAttribute("data-room-id");
  assert.ok(roomId, "room page has no room id");

  // B: the closed room is not in the hallway, and its URL refuses B with a clear message.
  await b.page.getByTestId("hallway-empty").waitFor();
  assert.equal(await b.page.getByTestId("hallway-room").filter({ hasText: TITLE }).count(), 0);
  await b.page.goto(new URL(`/rooms/${roomId}`, server.url).href);
  await b.page.locator('[data-testid="room-gone"][data-reason="room_closed"]').waitFor();
  await h.shot(b.page, "01-bob-refused");
  await b.page.goto(new URL("/", server.url).href);
  await b.page.getByTestId("hallway-empty").waitFor();

  // A: ping B through the dialog.
  await a.page.getByTestId("ping-open").click();
  await a.page.getByTestId("ping-search").fill("bob");
  await a.page.getByTestId("ping-result-bob").click();
  await a.page.getByTestId("ping-sent").waitFor();
  await h.shot(a.page, "02-alice-pinged-bob");
  await a.page.getByTestId("ping-close").click();

  // B: the notification arrives live (toast + unread badge) while B stays on the hallway.
  const toast = b.page.locator('[data-testid="notification-toast"][data-kind="pinged"]');
  await toast.waitFor();
  assert.match(await toast.innerText(), /Alice Adams/);
  await b.page.locator('[data-testid="notification-bell"][data-unread="1"]').waitFor();
  // (From here the room may show up in B's hallway: the ping admitted B.)
  await h.shot(b.page, "03-bob-notified");

  // B: one click joins the closed room (the ping admitted B), and the notification is read.
  await toast.click();
  await b.page.locator(`[data-testid="room-page"][data-room-id="${roomId}"]`).waitFor();
  await b.page.locator('[data-testid="participant-bob"][data-role="audience"]').waitFor();
  await b.page.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor();
  await a.page.locator('[data-testid="participant-bob"][data-role="audience"]').waitFor();

  // B hears A.
  const heard = await waitForTone(b.page, 440, 20_000);
  await h.shot(b.page, "04-bob-in-closed-room");
  assert.ok(heard.ok, `B did not hear A's 440 Hz tone: ${JSON.stringify(heard)}`);
  h.note(`tone detected: ${JSON.stringify(heard)}`);
});
