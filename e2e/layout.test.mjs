// End to end: every page on phones. Ada (first member, admin) and Bartholomew (long names, on
// purpose) fill the site: a club, a club event, a live room with a pinned link where Bartholomew
// raised his hand and was invited to speak, follows both ways, a waitlister naming Ada. Then at
// 360×740 and 390×844 each page (hallway, room as moderator and as the invited listener, profiles,
// edit profile, invites, clubs, a club, new club, an event, new event, search, the notification
// panel, admin, reports, blocks, waiting, and signed out: sign-in, sign-up, waitlist, waitlist
// status) must not scroll sideways, keep the bell, the profile link and "Sign out" on screen, and
// pass an axe-core audit with no serious or critical violation. Screenshots of the hallway, the
// room and a profile at 390×844 and 1280×800 go to e2e/artifacts/layout-*, the axe counts per
// page to e2e/artifacts/layout-axe.json.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { assertFits, assertOnScreen, goInApp, runAxe } from "./lib/audit.mjs";
import { createInvite, openRoomFromHallway, signUp, startRoom } from "./lib/flows.mjs";
import { artifacts, createHarness } from "./lib/harness.mjs";

const h = createHarness("layout-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

const PHONES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
];
const ROOM_TITLE = "Stoicism for busy people: an evening of questions";
const BOB = "bartholomew_babbage";
const BOB_NAME = "Bartholomew Babbage-Whitworth";

/** Same-origin JSON call from inside `page` (its session cookie authenticates it). */
async function apiCall(page, method, path, body) {
  const r = await page.evaluate(
    async ({ method, path, body }) => {
      const resp = await fetch(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: resp.status, body: await resp.json().catch(() => null) };
    },
    { method, path, body },
  );
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A new context in `browser` with the harness's logging (CSP bypassed: axe is injected inline). */
async function newPage(browser, name) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, bypassCSP: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on("console", (m) => h.logLines.push(`[${name} console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => h.logLines.push(`[${name} pageerror] ${e.message}`));
  return { context, page };
}

/** The lines of text an element takes (its height over its line height). */
function lines(locator) {
  return locator.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
}

test("every page fits a phone and passes an axe audit", { timeout: 300_000 }, async (t) => {
  const { browser } = await h.user("ada", 440);
  const ada = await newPage(browser, "ada");
  await signUp(ada.page, server.invite, "ada", "Ada Augusta Lovelace");
  const a = ada.page;
  const bobInvite = await createInvite(ada.context, server.url);
  const bob = await newPage(browser, "bob");
  await signUp(bob.page, bobInvite, BOB, BOB_NAME);
  const b = bob.page;
  const freshInvite = await createInvite(ada.context, server.url);

  // Follows both ways (friends online, followers), a club with an event, a waitlister.
  await apiCall(a, "PUT", `/api/users/${BOB}/follow`);
  await apiCall(b, "PUT", "/api/users/ada/follow");
  const club = await apiCall(a, "POST", "/api/clubs", {
    name: "Rustaceans of the Northern Hemisphere",
    description: "Systems programming, gardening and long walks between compiles. ".repeat(3),
    rules: "Be kind.",
  });
  const event = await apiCall(a, "POST", "/api/events", {
    title: "Ownership and borrowing, explained with garden tools",
    description: "Bring questions.",
    starts_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    club_id: club.id,
    cohosts: [BOB],
  });
  const out = await newPage(browser, "pat");
  await out.page.goto(server.url);
  await out.page.getByTestId("signin-page").waitFor();
  const pat = await apiCall(out.page, "POST", "/api/waitlist", { username: "pat", display_name: "Pat Park", named: ["ada"] });

  // The room: a pinned link; Bartholomew raises his hand and is invited to speak.
  await a.getByTestId("nav-hallway").click();
  await startRoom(a, ROOM_TITLE, "ada");
  const roomPath = new URL(a.url()).pathname;
  await a.getByTestId("pin-open").click();
  await a.getByTestId("pin-url").fill("https://example.org/reading-list");
  await a.getByTestId("pin-title").fill("Reading list for the evening");
  await a.getByTestId("pin-submit").click();
  await a.getByTestId("pinned-link").waitFor();
  await b.goto(server.url);
  await openRoomFromHallway(b, ROOM_TITLE, BOB);
  await b.getByTestId("raise-hand").click();
  await a.getByTestId(`hand-${BOB}`).waitFor();
  await a.getByTestId(`participant-${BOB}`).click();
  await a.getByTestId("action-invite").click();
  await b.getByTestId("speak-invite-banner").waitFor();

  const ready = (id) => a.getByTestId(id).first();
  const adaPages = [
    ["room (moderator)", roomPath, () => a.getByTestId("room-title")],
    ["hallway", "/", () => a.getByTestId("hallway-room").first()],
    ["profile (own)", "/users/ada", () => a.getByTestId("profile-name")],
    ["profile (other)", `/users/${BOB}`, () => a.getByTestId("profile-name")],
    ["edit profile", "/settings/profile", () => ready("edit-bio")],
    ["invites", "/invites", () => ready("invites-page")],
    ["clubs", "/clubs", () => ready("clubs-page")],
    ["club", `/clubs/${club.id}`, () => ready("club-header")],
    ["new club", "/clubs/new", () => ready("new-club-page")],
    ["event", `/events/${event.id}`, () => a.locator('[data-testid="event-page"][data-event-id]')],
    ["new event", "/events/new", () => ready("event-form")],
    ["search", `/search?q=${BOB.slice(0, 5)}`, () => ready("search-page-result")],
    ["admin", "/admin", () => ready("admin-page")],
    ["admin reports", "/admin/reports", () => ready("admin-reports-page")],
    ["blocks", "/blocks", () => ready("blocks-page")],
    ["waiting", "/waiting", () => ready("waiting-page")],
  ];
  const outPages = [
    ["sign-in", "/", "signin-page"],
    ["sign-up", new URL(freshInvite).pathname, "signup-page"],
    ["waitlist", "/waitlist", "waitlist-page"],
    ["waitlist status", `/waitlist/${pat.token}`, "waitlist-status"],
  ];
  // Every problem is collected (the message says what and where), then asserted all at once.
  const problems = [];
  const check = async (fn) => {
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof assert.AssertionError)) throw e;
      problems.push(e.message.split("\n")[0]);
    }
  };
  const axe = {};
  const audit = async (page, label, size) => {
    const tag = `${size.width}x${size.height}`;
    const r = await runAxe(page);
    axe[label] ??= {};
    axe[label][tag] = { ...r.counts, rules: r.ids };
    if (r.serious.length > 0) problems.push(`${label} at ${tag}: axe: ${r.serious.join("; ")}`);
  };
  // LAYOUT_SHOTS=1: a screenshot of every page at every size (layout-page-*.png), to look at.
  const look = (page, label, tag) => process.env.LAYOUT_SHOTS && h.shot(page, `page-${label.replace(/\W+/g, "-").replace(/-$/, "")}-${tag}`, { fullPage: false });
  const topBar = async (page, label) => {
    for (const id of ["notification-bell", "me", "sign-out"]) await check(() => assertOnScreen(page, page.getByTestId(id), `${label}: ${id}`));
  };

  for (const size of PHONES) {
    const tag = `${size.width}x${size.height}`;
    await Promise.all([a.setViewportSize(size), b.setViewportSize(size), out.page.setViewportSize(size)]);

    for (const [label, path, el] of adaPages) {
      await goInApp(a, path);
      await el().waitFor();
      await check(() => assertFits(a, `${label} at ${tag}`));
      await topBar(a, `${label} at ${tag}`);
      await audit(a, label, size);
      await look(a, label, tag);
      if (label === "room (moderator)") {
        await check(async () => assert.ok((await lines(a.getByTestId("room-title"))) <= 2, `the room title takes more than two lines at ${tag}`));
      } else {
        await check(() => assertOnScreen(a, a.getByTestId("mini-player"), `${label}: mini-player at ${tag}`));
      }
    }

    // The notification panel, opened from the hallway.
    await goInApp(a, "/");
    await a.getByTestId("notification-bell").click();
    await a.getByTestId("notification").first().waitFor();
    await check(() => assertOnScreen(a, a.getByTestId("notification-panel"), `notification panel at ${tag}`));
    await check(() => assertFits(a, `notification panel at ${tag}`));
    await audit(a, "notification panel", size);
    await look(a, "notification panel", tag);
    await a.keyboard.press("Escape");
    await a.getByTestId("notification-panel").waitFor({ state: "detached" });

    // The invited listener: the banner reads as a line of text with its buttons, not a column.
    await check(() => assertFits(b, `room (invited listener) at ${tag}`));
    await topBar(b, `room (invited listener) at ${tag}`);
    const invite = b.getByTestId("speak-invite-banner");
    await check(async () => assert.ok((await lines(invite.locator(".banner-text"))) <= 2, `the speak-invite text takes more than two lines at ${tag}`));
    await check(() => assertOnScreen(b, b.getByTestId("speak-accept"), `speak-accept at ${tag}`));
    await check(() => assertOnScreen(b, b.getByTestId("raise-hand").or(b.getByTestId("lower-hand")), `hand control at ${tag}`));
    await audit(b, "room (invited listener)", size);
    await look(b, "room (invited listener)", tag);

    // Signed out.
    for (const [label, path, id] of outPages) {
      await out.page.goto(new URL(path, server.url).href);
      await out.page.getByTestId(id).waitFor();
      await check(() => assertFits(out.page, `${label} at ${tag}`));
      await audit(out.page, label, size);
      await look(out.page, label, tag);
    }
  }

  // Between phones and laptops (a tablet, the other tests' 1000 px), nothing scrolls sideways either.
  for (const size of [{ width: 768, height: 1024 }, { width: 1000, height: 760 }]) {
    const tag = `${size.width}x${size.height}`;
    await a.setViewportSize(size);
    for (const [label, path, el] of adaPages) {
      await goInApp(a, path);
      await el().waitFor();
      await check(() => assertFits(a, `${label} at ${tag}`));
      await topBar(a, `${label} at ${tag}`);
    }
  }

  // Long names are shown whole where there is room: the friends strip and the header, wide.
  await a.setViewportSize({ width: 1280, height: 800 });
  await goInApp(a, "/");
  const friend = a.getByTestId(`friend-${BOB}`).locator(".friend-name");
  await friend.waitFor();
  const whole = (el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight;
  await check(async () => assert.ok(await friend.evaluate(whole), "the friend's name is cut at 1280x800"));
  await check(async () => assert.ok(await a.getByTestId("me").locator(".me-name").evaluate(whole), "my name in the header is cut at 1280x800"));

  // Screenshots: hallway, room (both sides), a profile, on a phone and on a laptop; what the
  // screen shows (fixed bars where they are) and the whole page (`-full`, scrollbars hidden so
  // the page keeps its width while the shot grows).
  const shots = async (page, name) => {
    await h.shot(page, name, { fullPage: false });
    await page.addStyleTag({ content: "html { scrollbar-width: none; }" });
    await h.shot(page, `${name}-full`);
  };
  for (const size of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    const tag = `${size.width}x${size.height}`;
    await Promise.all([a.setViewportSize(size), b.setViewportSize(size)]);
    await goInApp(a, "/");
    await a.getByTestId("hallway-room").first().waitFor();
    await shots(a, `hallway-${tag}`);
    await goInApp(a, roomPath);
    await a.getByTestId("room-title").waitFor();
    await shots(a, `room-${tag}`);
    await shots(b, `room-listener-${tag}`);
    await goInApp(a, `/users/${BOB}`);
    await a.getByTestId("profile-name").waitFor();
    await shots(a, `profile-${tag}`);
  }

  writeFileSync(join(artifacts, "layout-axe.json"), JSON.stringify(axe, null, 2) + "\n");
  for (const [label, sizes] of Object.entries(axe)) t.diagnostic(`axe ${label}: ${JSON.stringify(sizes)}`);
  assert.deepEqual(problems, [], `${problems.length} layout or accessibility problems`);
});
