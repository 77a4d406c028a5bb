// End to end: the room belongs to the app, not to the room page. B listens to A's 440 Hz tone,
// opens A's profile card from her tile (follows her there without leaving), goes on to A's full
// profile and to the hallway through links: B still hears A on the same peer connection, and the
// mini-player shows the room, raises B's hand and brings B back to the room. A (the only host)
// browses to "Clubs" through the top menu: the room does not end. B's "Leave" in the
// mini-player leaves. B pings A into a second room: A, on stage, is asked before switching, and
// only an explicit "Leave it and join" switches (ending A's first room). Prefix `listen-`.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { waitForTone } from "./lib/audio.mjs";
import { createInvite, markPeerConnection, openRoomFromHallway, signUp, startRoom } from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("listen-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

const TITLE = "Listening while browsing";
const SECOND = "The room next door";

/** Asserts the page still has the peer connection `markPeerConnection` tagged, connected. */
async function samePeerConnection(page, where) {
  const pc = await page.evaluate(() => ({ old: window.__stoa?.pc?.__e2eOld === true, state: window.__stoa?.pc?.connectionState }));
  assert.deepEqual(pc, { old: true, state: "connected" }, `${where}: not the same connected peer connection`);
}

/** Waits for the mini-player of room `roomId` and asserts its title. */
async function miniPlayerShows(page, roomId, title = TITLE) {
  const mini = page.locator(`[data-testid="mini-player"][data-room-id="${roomId}"][data-status="live"]`);
  await mini.waitFor();
  assert.equal(await mini.getByTestId("mini-title").innerText(), title);
  return mini;
}

/** Asserts `page` hears the `freq` Hz tone. */
async function hears(page, freq, where) {
  const heard = await waitForTone(page, freq, 15_000);
  assert.ok(heard.ok, `${where}: no ${freq} Hz tone: ${JSON.stringify(heard)}`);
}

/** GET `path` from inside `page` (its session cookie): the JSON body. */
function getJson(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).json(), path);
}

test("browsing keeps a listener and a host in the room; leaving is explicit", { timeout: 120_000 }, async () => {
  const a = await h.user("alice", 440);
  const b = await h.user("bob", 660);

  await signUp(a.page, server.invite, "alice", "Alice Adams");
  await startRoom(a.page, TITLE, "alice");
  const roomId = await a.page.getByTestId("room-page").getAttribute("data-room-id");
  assert.ok(roomId, "room page has no room id");
  const inviteUrl = await createInvite(a.context, server.url);
  await signUp(b.page, inviteUrl, "bob", "Bob Brown");
  await openRoomFromHallway(b.page, TITLE, "bob");
  await hears(b.page, 440, "in the room");
  await markPeerConnection(b.page);

  // B: A's tile opens her profile card in place; B follows her there and stays in the room.
  await b.page.getByTestId("participant-alice").click();
  const card = b.page.locator('[data-testid="participant-card"][data-username="alice"]');
  await card.waitFor();
  await card.getByTestId("card-follow").click();
  await card.getByTestId("card-unfollow").waitFor();
  assert.match(await card.getByTestId("card-followers").innerText(), /^1 follower$/);
  assert.equal(await b.page.getByTestId("room-page").count(), 1, "the card left the room page");
  await h.shot(b.page, "01-bob-profile-card");

  // B: on to A's full profile through the card's link: the room plays on in the mini-player.
  await card.getByTestId("card-profile-link").click();
  await b.page.locator('[data-testid="profile-page"][data-username="alice"]').waitFor();
  await b.page.getByTestId("unfollow").waitFor();
  const mini = await miniPlayerShows(b.page, roomId);
  await mini.locator('[data-testid="mini-face"][data-speaking="true"]').waitFor({ timeout: 10_000 });
  await hears(b.page, 440, "on A's profile");
  await samePeerConnection(b.page, "on A's profile");
  await h.shot(b.page, "02-bob-on-profile-with-mini-player");

  // B: "Back to room" returns to the room, still in the audience, on the same connection.
  await mini.getByTestId("mini-back").click();
  await b.page.locator(`[data-testid="room-page"][data-room-id="${roomId}"]`).waitFor();
  await b.page.locator('[data-testid="participant-bob"][data-role="audience"]').waitFor();
  assert.equal(await b.page.getByTestId("mini-player").count(), 0, "mini-player shown on the room's own page");
  await samePeerConnection(b.page, "back in the room");

  // B: "← Hallway" keeps B in the room; the mini-player raises B's hand, A sees it.
  await b.page.getByTestId("back-to-hallway").click();
  await b.page.getByTestId("hallway").waitFor();
  await miniPlayerShows(b.page, roomId);
  await hears(b.page, 440, "in the hallway");
  await samePeerConnection(b.page, "in the hallway");
  await b.page.locator('[data-testid="mini-control"][data-control="raise_hand"]').click();
  await b.page.locator('[data-testid="mini-control"][data-control="lower_hand"]').waitFor();
  await a.page.getByTestId("hand-bob").waitFor();
  await h.shot(b.page, "03-bob-hallway-hand-raised");

  // A, the only host, browses to "Clubs": the room goes on, A keeps her place, B keeps hearing A.
  await a.page.getByTestId("nav-clubs").click();
  await a.page.getByTestId("clubs-page").waitFor();
  const aMini = await miniPlayerShows(a.page, roomId);
  assert.equal(await aMini.locator('[data-testid="mini-control"]').getAttribute("data-control"), "mute");
  await h.shot(a.page, "04-alice-on-clubs");
  await hears(b.page, 440, "while A browses");
  await aMini.getByTestId("mini-back").click();
  await a.page.locator('[data-testid="participant-alice"][data-role="moderator"]').waitFor();
  await a.page.locator('[data-testid="participant-bob"][data-role="audience"]').waitFor();

  // B: "Leave" in the mini-player leaves the room (A sees B go); the mini-player goes away.
  await b.page.getByTestId("mini-leave").click();
  await b.page.getByTestId("mini-player").waitFor({ state: "detached" });
  await a.page.getByTestId("participant-bob").waitFor({ state: "detached" });
  assert.equal(await b.page.evaluate(() => window.__stoa?.pc ?? null), null, "B's peer connection outlived leaving");

  // B starts a second room and pings A into it.
  await startRoom(b.page, SECOND, "bob");
  const second = await b.page.getByTestId("room-page").getAttribute("data-room-id");
  await b.page.getByTestId("ping-open").click();
  await b.page.getByTestId("ping-search").fill("alice");
  await b.page.getByTestId("ping-result-alice").click();
  await b.page.getByTestId("ping-sent").waitFor();
  await b.page.getByTestId("ping-close").click();

  // A, alone on the stage of the first room, follows the notification: asked before switching.
  // "Back to" keeps A in her room.
  await a.page.locator('[data-testid="notification-toast"][data-kind="pinged"]').click();
  await a.page.getByTestId("room-switch-title").filter({ hasText: SECOND }).waitFor();
  await miniPlayerShows(a.page, roomId);
  await h.shot(a.page, "05-alice-asked-before-switching");
  await a.page.getByTestId("room-switch-back").click();
  await a.page.locator(`[data-testid="room-page"][data-room-id="${roomId}"]`).waitFor();
  await a.page.locator('[data-testid="participant-alice"][data-role="moderator"]').waitFor();
  assert.equal((await getJson(a.page, `/api/rooms/${roomId}`)).ended, false);

  // A: the same notification from the bell, then "Leave it and join": A is in B's room, and her
  // first room, its stage empty, ended.
  await a.page.getByTestId("notification-bell").click();
  await a.page.locator('[data-testid="notification"][data-kind="pinged"]').click();
  await a.page.getByTestId("room-switch-join").click();
  await a.page.locator(`[data-testid="room-page"][data-room-id="${second}"]`).waitFor();
  await a.page.locator('[data-testid="participant-alice"][data-role="audience"]').waitFor();
  await b.page.locator('[data-testid="participant-alice"][data-role="audience"]').waitFor();
  assert.equal((await getJson(a.page, `/api/rooms/${roomId}`)).ended, true);

  // A: "Leave quietly" leaves.
  await a.page.getByTestId("leave-room").click();
  await a.page.getByTestId("hallway").waitFor();
  assert.equal(await a.page.getByTestId("mini-player").count(), 0, "mini-player after leaving");
  await b.page.getByTestId("participant-alice").waitFor({ state: "detached" });
});
