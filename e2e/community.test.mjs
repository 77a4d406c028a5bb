// End to end, the community journey: Alice creates a club in the web client and Bob joins it;
// Alice schedules a room in the club; it shows in Bob's hallway under "Upcoming" and he asks to
// be notified. At start time the server tells Alice, whose one click on the notification starts
// the room; Bob's "it's live" notification brings him in. Bob reacts and Alice sees it; Alice
// brings Bob on stage and mutes him, and her moderation log shows the entry.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { acceptSpeakInvite, createInvite, signUp } from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("community-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

/** Same-origin JSON call from inside `page` (its session cookie authenticates it). */
function apiCall(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const resp = await fetch(path, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: resp.status, body: await resp.json().catch(() => null) };
    },
    { method, path, body },
  );
}

test("club event: scheduled, upcoming, started from the notification, reactions and the moderation log", { timeout: 180_000 }, async () => {
  const a = await h.user("alice", 440);
  const b = await h.user("bob", 660);
  await signUp(a.page, server.invite, "alice", "Alice Adams");
  const inviteUrl = await createInvite(a.context, server.url);
  await signUp(b.page, inviteUrl, "bob", "Bob Brown");

  // Alice creates a club.
  await a.page.getByTestId("nav-clubs").click();
  await a.page.getByTestId("create-club").click();
  await a.page.getByLabel("Club name").fill("Rustaceans");
  await a.page.getByLabel("Description").fill("All things Rust");
  await a.page.getByLabel("Rules").fill("Be kind");
  await a.page.getByRole("button", { name: "Create club" }).click();
  await a.page.getByTestId("club-go").click();
  await a.page.getByTestId("club-header").waitFor();
  const clubId = await a.page.getByTestId("club-header").getAttribute("data-club-id");
  assert.ok(clubId, "club page has no club id");
  await h.shot(a.page, "01-club");

  // Bob joins it.
  await b.page.goto(new URL(`/clubs/${clubId}`, server.url).href);
  await b.page.getByRole("button", { name: "Join club" }).click();
  await b.page.locator('[data-testid="club-header"][data-role="member"]').waitFor();

  // Alice schedules a room in the club from the club page (the form takes minutes: a few
  // minutes ahead), then the test moves the start to 4 s from now through the API, so the
  // scheduler's notification comes without a long wait.
  await a.page.reload();
  await a.page.getByRole("link", { name: "Schedule a room" }).click();
  await a.page.getByTestId("event-form").waitFor();
  const { date, time } = await a.page.evaluate(() => {
    const t = new Date(Date.now() + 5 * 60_000);
    const p = (n) => String(n).padStart(2, "0");
    return { date: `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`, time: `${p(t.getHours())}:${p(t.getMinutes())}` };
  });
  await a.page.getByLabel("Title").fill("Rust hour");
  await a.page.getByLabel("Date").fill(date);
  await a.page.getByLabel("Time").fill(time);
  assert.equal(await a.page.getByTestId("event-club").inputValue(), clubId);
  await a.page.getByRole("button", { name: "Schedule" }).click();
  await a.page.getByTestId("event-page").waitFor();
  const eventId = await a.page.getByTestId("event-page").getAttribute("data-event-id");
  assert.ok(eventId, "event page has no event id");
  await h.shot(a.page, "02-event");

  // Bob sees it in his hallway's Upcoming and asks to be notified.
  await b.page.goto(server.url);
  const card = b.page.getByTestId("event-card").filter({ hasText: "Rust hour" });
  await card.waitFor();
  await card.getByRole("button", { name: "Notify me" }).click();
  await card.getByTestId("event-interested").waitFor();
  await h.shot(b.page, "03-bob-upcoming");

  // Alice waits on the hallway; the start moves to 4 s from now.
  await a.page.goto(server.url);
  await a.page.getByTestId("hallway").waitFor();
  const soon = new Date(Date.now() + 4_000).toISOString();
  const moved = await apiCall(a.page, "PATCH", `/api/events/${eventId}`, { starts_at: soon });
  assert.equal(moved.status, 200, `moving the start: ${JSON.stringify(moved.body)}`);

  // At start time: one click on the notification starts the room, Alice moderates it.
  const toast = a.page.locator('[data-testid="notification-toast"][data-kind="event_starting"]');
  await toast.waitFor({ timeout: 30_000 });
  await toast.click();
  await a.page.getByTestId("room-page").waitFor();
  await a.page.locator('[data-testid="participant-alice"][data-role="moderator"]').waitFor();
  await h.shot(a.page, "04-alice-live");

  // Bob's "it's live" notification brings him into the room's audience.
  const live = b.page.locator('[data-testid="notification-toast"][data-kind="event_live"]');
  await live.waitFor({ timeout: 15_000 });
  await live.click();
  await b.page.getByTestId("room-page").waitFor();
  await b.page.locator('[data-testid="participant-bob"][data-role="audience"]').waitFor();
  await a.page.locator('[data-testid="participant-bob"][data-role="audience"]').waitFor();

  // Bob reacts; Alice sees it over his tile.
  await b.page.getByRole("button", { name: "React clap" }).click();
  await a.page.getByRole("img", { name: "Bob Brown reacted clap" }).first().waitFor({ timeout: 10_000 });
  await h.shot(a.page, "05-alice-sees-reaction");

  // Alice invites Bob on stage, then mutes him; her moderation log shows both.
  await a.page.getByTestId("participant-bob").click();
  await a.page.getByTestId("action-invite").click();
  await acceptSpeakInvite(b.page, "bob");
  await a.page.locator('[data-testid="participant-bob"][data-role="speaker"]').waitFor();
  await a.page.getByTestId("participant-bob").click();
  await a.page.getByTestId("action-mute").click();
  const entry = a.page.locator('[data-testid="modlog-entry"][data-action="muted"]');
  await entry.waitFor({ timeout: 10_000 });
  assert.match(await entry.innerText(), /Alice Adams muted Bob Brown/);
  await a.page.locator('[data-testid="modlog-entry"][data-action="invited_to_speak"]').waitFor();
  await h.shot(a.page, "06-alice-modlog");

  // Bob, in the audience of the log: no moderation panel for him.
  assert.equal(await b.page.getByTestId("modlog-panel").count(), 0);
});
