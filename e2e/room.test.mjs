// End to end: two Chromiums with different fake microphones (A: 440 Hz, B: 660 Hz) against the
// real stoa server. A signs up with the bootstrap invite, starts a room and invites B; B signs up,
// finds the room live in the hallway, raises a hand, is invited on stage and accepts, arriving
// muted (A hears nothing yet), and clicks unmute; A's page must then hear B's 660 Hz tone through
// WebAudio. Screenshots of A's room go to e2e/artifacts/.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { waitForTone } from "./lib/audio.mjs";
import {
  acceptSpeakInviteMuted,
  createInvite,
  markPeerConnection,
  openRoomFromHallway,
  signUp,
  startRoom,
  unmute,
  waitForNewPeerConnection,
} from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness();
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

test("a listener raised on stage is heard by the moderator", { timeout: 90_000 }, async () => {
  const a = await h.user("alice", 440);
  const b = await h.user("bob", 660);

  // A's signaling socket goes through a pass-through route, so the test can drop it later
  // (and, while `offline`, refuse A's attempts to reconnect).
  const aSockets = [];
  let offline = false;
  await a.page.routeWebSocket(/\/api\/ws$/, (ws) => {
    if (offline) return void ws.close({ code: 1011, reason: "test: still offline" });
    aSockets.push({ page: ws, server: ws.connectToServer() });
  });

  // A: sign up through the bootstrap invite and start a room.
  await signUp(a.page, server.invite, "alice", "Alice Adams");
  await startRoom(a.page, "Tones and overtones", "alice");
  await h.shot(a.page, "01-alice-room-started");

  // A: create an invite from a second tab (the first stays on the room page).
  const inviteUrl = await createInvite(a.context, server.url);

  // B: sign up through A's link, see who invited them, find the room live in the hallway.
  await b.page.goto(inviteUrl);
  await b.page.getByTestId("signup-invited-by").filter({ hasText: "Alice Adams" }).waitFor();
  await signUp(b.page, inviteUrl, "bob", "Bob Brown");

  // A's bell: Bob used her invite (1 unread). Opening the panel reads it: the badge clears,
  // the notification still shows as new while the panel is open.
  await a.page.locator('[data-testid="notification-bell"][data-unread="1"]').waitFor();
  await a.page.getByTestId("notification-bell").click();
  await a.page.locator('[data-testid="notification"][data-kind="invite_used"].unread').waitFor();
  await a.page.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor();
  await a.page.locator(".backdrop").click();
  await a.page.getByTestId("notification-panel").waitFor({ state: "detached" });

  await openRoomFromHallway(b.page, "Tones and overtones", "bob");
  await b.page.getByTestId("raise-hand").click();

  // The detector must not hear B while B is in the audience (no false positives). Listening
  // for 5 s also lets the SFU settle both connections (it hands str0m's connection over to its
  // own STUN answers and SRTP a second or two after connecting), so B's invite reaches a
  // settled one.
  const early = await waitForTone(a.page, 660, 5000);
  assert.equal(early.ok, false, `heard 660 Hz from the audience: ${JSON.stringify(early)}`);

  // A: sees the hand and invites B.
  await a.page.getByTestId("hand-bob").waitFor();
  await h.shot(a.page, "02-alice-sees-hand");
  await a.page.getByTestId("invite-to-speak-bob").click();

  // B: the invitation is in B's notifications too (a toast, the bell's count)...
  const inviteToast = b.page.locator('[data-testid="notification-toast"][data-kind="speak_invite"]');
  await inviteToast.waitFor();
  await b.page.locator('[data-testid="notification-bell"][data-unread="1"]').waitFor();

  // B: accepts and comes on stage muted: A sees the muted tile and hears nothing yet.
  await acceptSpeakInviteMuted(b.page, "bob");
  // ...and leaves them once answered.
  await inviteToast.waitFor({ state: "detached" });
  await b.page.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor();
  await a.page.locator('[data-testid="stage-grid"] [data-testid="participant-bob"][data-muted="true"]').waitFor();
  await a.page.locator('[data-testid="participant-bob"] [data-testid="muted-icon"]').waitFor();
  const beforeUnmute = await waitForTone(a.page, 660, 2000);
  assert.equal(beforeUnmute.ok, false, `heard B before B unmuted: ${JSON.stringify(beforeUnmute)}`);

  // B clicks unmute: A sees it, and B's tone arrives.
  await unmute(b.page);
  await a.page.locator('[data-testid="stage-grid"] [data-testid="participant-bob"][data-muted="false"]').waitFor();
  const heard = await waitForTone(a.page, 660, 20_000);
  await h.shot(a.page, "03-alice-hears-bob");
  assert.ok(heard.ok, `A did not hear B's 660 Hz tone: ${JSON.stringify(heard)}`);
  h.note(`tone detected: ${JSON.stringify(heard)}`);
  // B hears A's 440 Hz; A does not hear herself.
  const bHears = await waitForTone(b.page, 440, 10_000);
  assert.ok(bHears.ok, `B did not hear A's 440 Hz tone: ${JSON.stringify(bHears)}`);
  const echo = await waitForTone(a.page, 440, 1500);
  assert.equal(echo.ok, false, `A hears her own voice: ${JSON.stringify(echo)}`);
  // The speaking ring on B's tile.
  await a.page.locator('[data-testid="participant-bob"][data-speaking="true"]').waitFor({ timeout: 5000 });

  // A's signaling socket drops and stays down a while: B sees A's tile fade and the room say
  // "Alice Adams is reconnecting…". Then A's page reconnects, rejoins with the same role, builds
  // a new peer connection and hears B again; B's notice goes.
  await markPeerConnection(a.page);
  const before = aSockets.length;
  const last = aSockets[aSockets.length - 1];
  offline = true;
  await last.page.close({ code: 1001, reason: "test: network drop" });
  // (The server side is a real browser WebSocket: its close code must be 1000 or 3000–4999.)
  await last.server.close({ code: 1000, reason: "test: network drop" });
  await b.page.locator('[data-testid="participant-alice"].away').waitFor();
  await b.page.getByTestId("host-reconnecting").filter({ hasText: "Alice Adams is reconnecting…" }).waitFor();
  await h.shot(b.page, "04-bob-sees-alice-reconnecting");
  offline = false;
  await waitForNewPeerConnection(a.page, 15_000);
  await b.page.getByTestId("host-reconnecting").waitFor({ state: "detached" });
  assert.ok(aSockets.length > before, "A's page did not open a new socket");
  await a.page.locator('[data-testid="participant-alice"][data-role="moderator"]').waitFor();
  const again = await waitForTone(a.page, 660, 15_000);
  await h.shot(a.page, "05-alice-after-reconnect");
  assert.ok(again.ok, `A did not hear B after reconnecting: ${JSON.stringify(again)}`);
});
