// End to end in Romanian: Ana's Chromium says "ro-RO". She signs up through the bootstrap invite
// and the sign-up page, the hallway, the room page and its controls, the invites page, the
// mini-player and her notifications all read in Romanian, with no English left (checked against
// a list of the English interface's words, in the text and in aria-labels, titles and
// placeholders); the server keeps "ro" as her language. Bob (an English browser) signs up through
// her invite and joins her room: her bell says so in Romanian, her hallway card counts
// "1 ascultător", while Bob's pages stay English. Then Ana switches to English in the settings:
// the page changes at once, the room's controls and her notification read in English, and the
// server keeps "en". Artifacts carry a `romanian-` prefix.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createInvite, openRoomFromHallway, signUp, startRoom } from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("romanian-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

/** Words of the English interface; none may show on a Romanian page. */
const ENGLISH = [
  "Hallway", "Clubs", "Invites", "Waiting", "Sign out", "Search people", "Notifications", "Start a room", "Let's go",
  "Who can join", "Anyone on Stoa", "Live now", "Upcoming", "Schedule a room", "Nothing scheduled", "Friends online",
  "Loading", "Nobody", "listener", "On stage", "Listening", "Mute", "Muted", "Unmute", "Raise hand", "Move to audience",
  "Leave", "quietly", "Your controls", "Share", "Ping someone", "Report", "Reactions", "React", "Pin a link", "Moderation log",
  "Back to room", "Invite someone", "Create an invite link", "Your invites", "Welcome", "Username", "Password",
  "Display name", "Create my account", "you", "Copy", "Revoke", "signed up", "just now", "ago", "Language",
];

/** The English words on `page`: in its text and in the names and hints of its elements. */
async function englishOn(page) {
  const text = await page.evaluate(() => {
    const attrs = [...document.querySelectorAll("[aria-label],[title],[placeholder],[alt]")].flatMap((el) =>
      ["aria-label", "title", "placeholder", "alt"].map((a) => el.getAttribute(a) ?? ""),
    );
    return [document.body.innerText, ...attrs].join("\n");
  });
  return ENGLISH.filter((w) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, "u").test(text));
}

/** Asserts `page` shows no English word (named `where` in the message). */
async function assertRomanian(page, where) {
  assert.equal(await page.evaluate(() => document.documentElement.lang), "ro", `${where}: <html lang>`);
  assert.deepEqual(await englishOn(page), [], `English left on ${where}`);
}

/** Waits until the server keeps `lang` as the signed-in member's language. */
async function storedLanguage(page, lang) {
  await page.waitForFunction(async (want) => (await (await fetch("/api/me")).json()).language === want, lang);
}

test("a member whose browser speaks Romanian uses Stoa in Romanian, then switches to English", { timeout: 90_000 }, async () => {
  const ana = await h.user("ana", 440, null, "ro-RO");
  const bob = await h.user("bob", 660);

  // Sign-up page in Romanian.
  await ana.page.goto(server.invite);
  await ana.page.getByTestId("signup-page").filter({ hasText: "Bine ai venit pe Stoa" }).waitFor();
  await ana.page.getByTestId("signup-invited-by").filter({ hasText: "Ești primul membru" }).waitFor();
  await assertRomanian(ana.page, "the sign-up page");
  await signUp(ana.page, server.invite, "ana", "Ana Popescu");

  // The hallway, in Romanian; the browser's language is kept for her on the server.
  await ana.page.getByRole("heading", { name: "Pornește o cameră" }).waitFor();
  await ana.page.getByTestId("hallway-empty").filter({ hasText: "Nicio cameră live acum" }).waitFor();
  await ana.page.getByTestId("nav-hallway").filter({ hasText: "Hol" }).waitFor();
  await assertRomanian(ana.page, "the hallway");
  await storedLanguage(ana.page, "ro");
  await h.shot(ana.page, "01-hallway");

  // Her room: the controls speak Romanian.
  await startRoom(ana.page, "Discuții de seară", "ana");
  const mute = ana.page.getByTestId("mute-toggle");
  assert.equal(await mute.getAttribute("aria-label"), "Oprește microfonul");
  await ana.page.getByTestId("leave-stage").filter({ hasText: "Treci în public" }).waitFor();
  await ana.page.getByTestId("leave-room").filter({ hasText: "Ieși" }).waitFor();
  await ana.page.getByTestId("stage-grid").filter({ hasText: "Pe scenă" }).waitFor();
  await ana.page.getByTestId("participant-ana").filter({ hasText: "(tu)" }).waitFor();
  await ana.page.getByTestId("ping-open").filter({ hasText: "Cheamă pe cineva" }).waitFor();
  await assertRomanian(ana.page, "the room page");
  await h.shot(ana.page, "02-room");

  // The invites page (in a second tab), and Bob, an English browser, signs up through it.
  const inviteUrl = await createInvite(ana.context, server.url);
  await signUp(bob.page, inviteUrl, "bob", "Bob Brown");
  await bob.page.getByRole("heading", { name: "Start a room" }).waitFor();

  // Ana's bell, in Romanian: Bob used her invite.
  const note = ana.page.locator('[data-testid="notification-toast"][data-kind="invite_used"]');
  await note.filter({ hasText: "Bob Brown s-a înscris cu invitația ta" }).waitFor();

  // Bob joins; Ana goes to the hallway: the mini-player and her room's card speak Romanian.
  await openRoomFromHallway(bob.page, "Discuții de seară", "bob");
  await bob.page.getByTestId("leave-room").filter({ hasText: "Leave" }).waitFor();
  await ana.page.getByTestId("back-to-hallway").click();
  await ana.page.getByTestId("mini-back").filter({ hasText: "Înapoi în cameră" }).waitFor();
  const card = ana.page.getByTestId("hallway-room").filter({ hasText: "Discuții de seară" });
  await card.getByTestId("hallway-room-listeners").filter({ hasText: "1 ascultător" }).waitFor();
  await ana.page.getByTestId("notification-bell").click();
  await ana.page.getByTestId("notification-panel").filter({ hasText: "Notificări" }).waitFor();
  await assertRomanian(ana.page, "the hallway with the notification panel open");
  await h.shot(ana.page, "03-hallway-notifications");
  await ana.page.locator(".backdrop").click();

  // Settings: switch to English. The page changes at once; the server keeps it.
  await ana.page.getByTestId("me").click();
  await ana.page.getByTestId("edit-profile").click();
  await ana.page.getByTestId("language-panel").filter({ hasText: "Limba" }).waitFor();
  await ana.page.getByTestId("language-select").selectOption("en");
  await ana.page.getByTestId("language-panel").filter({ hasText: "Language" }).waitFor();
  await ana.page.getByTestId("nav-hallway").filter({ hasText: "Hallway" }).waitFor();
  assert.equal(await ana.page.evaluate(() => document.documentElement.lang), "en");
  await ana.page.getByTestId("mini-back").filter({ hasText: "Back to room" }).waitFor();
  await storedLanguage(ana.page, "en");
  await h.shot(ana.page, "04-settings-english");

  // Back in the room: English controls; her notification now reads in English too.
  await ana.page.getByTestId("mini-back").click();
  await ana.page.getByTestId("leave-stage").filter({ hasText: "Move to audience" }).waitFor();
  assert.equal(await ana.page.getByTestId("mute-toggle").getAttribute("aria-label"), "Mute");
  await ana.page.getByTestId("notification-bell").click();
  await ana.page.getByTestId("notification").filter({ hasText: "Bob Brown signed up with your invite" }).waitFor();
  await h.shot(ana.page, "05-room-english");
});
