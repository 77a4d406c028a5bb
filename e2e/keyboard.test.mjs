// End to end: the room with the keyboard and a screen reader's ears. Ada starts a room: from the
// room heading, Tab reaches her mute button within 3 stops; Space mutes and unmutes it, the
// button says so (`aria-pressed`) and the live region announces it. Bob joins: Tab from the
// heading reaches "Raise hand" within 3 stops; Enter raises it (pressed, announced to him, and
// to Ada as a moderator); Ada's invitation is announced to Bob. Dialogs and menus: Bob opens
// Ada's profile card from her tile with Enter, focus is inside, Tab and Shift+Tab stay inside,
// Escape closes it and focus is back on the tile; the same for the report dialog opened from the
// card, Ada's ping dialog (focus lands in its search field) and the notification panel.
// Screenshots: e2e/artifacts/keyboard-*.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createInvite, openRoomFromHallway, signUp, startRoom } from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("keyboard-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

/** The data-testid of the focused element (null when none). */
function focused(page) {
  return page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
}

/** Focuses `from`, then presses Tab until one of `ids` has focus; returns how many presses. */
async function tabsTo(page, from, ids, max) {
  await from.focus();
  const seen = [];
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press("Tab");
    const id = await focused(page);
    if (ids.includes(id)) return i;
    seen.push(id ?? (await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60))));
  }
  assert.fail(`${ids.join(" / ")} not reached within ${max} Tab stops (focus went: ${seen.join(" → ")})`);
}

/**
 * Asserts focus is inside `dialog` now and after each of `presses` Tab presses (then as many
 * Shift+Tab), and that Tab came back round to an element it had left (the trap wraps).
 */
async function assertTrapped(page, dialog, presses, label) {
  const inside = () => dialog.evaluate((el) => el.contains(document.activeElement));
  assert.ok(await inside(), `${label}: focus did not move into the dialog`);
  const seen = [];
  for (const key of [...Array(presses).fill("Tab"), ...Array(presses).fill("Shift+Tab")]) {
    await page.keyboard.press(key);
    assert.ok(await inside(), `${label}: ${key} left the dialog (focus on ${await focused(page)})`);
    seen.push(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80)));
  }
  assert.ok(new Set(seen.slice(0, presses)).size < presses, `${label}: Tab never wrapped around in ${presses} presses`);
}

/** Presses Escape: `gone` detaches and focus returns to the element with data-testid `back`. */
async function escapeTo(page, gone, back, label) {
  await page.keyboard.press("Escape");
  await gone.waitFor({ state: "detached" });
  assert.equal(await focused(page), back, `${label}: focus did not return to ${back}`);
}

/** Waits until the page's live region says `text`. */
async function announced(page, text) {
  const region = page.getByTestId("room-announcer");
  try {
    await region.filter({ hasText: text }).waitFor({ timeout: 10_000 });
  } catch {
    assert.fail(`the live region says "${await region.innerText()}", not "${text}"`);
  }
}

test("room controls near the heading, toggles with state, dialogs and menus that hold focus", { timeout: 120_000 }, async () => {
  const ada = await h.user("ada", 440);
  await signUp(ada.page, server.invite, "ada", "Ada Lovelace");
  const inviteUrl = await createInvite(ada.context, server.url);
  const bob = await h.user("bob", 660);
  await signUp(bob.page, inviteUrl, "bob", "Bob Babbage");
  const a = ada.page;
  const b = bob.page;

  // Ada on stage: mute is within 3 stops of the heading, and says whether it is pressed.
  await startRoom(a, "Keyboard hour", "ada");
  const adaStops = await tabsTo(a, a.getByTestId("room-title"), ["mute-toggle"], 3);
  h.note(`ada: mute reached in ${adaStops} Tab stops from the room heading`);
  const mute = a.getByTestId("mute-toggle");
  const was = await mute.getAttribute("aria-pressed");
  await a.keyboard.press("Space");
  const now = was === "true" ? "false" : "true";
  await a.locator(`[data-testid="mute-toggle"][aria-pressed="${now}"]`).waitFor();
  await announced(a, now === "true" ? "You're muted." : "You're unmuted.");
  await a.keyboard.press("Space");
  await a.locator(`[data-testid="mute-toggle"][aria-pressed="${was}"]`).waitFor();
  await announced(a, was === "true" ? "You're muted." : "You're unmuted.");
  assert.equal(await focused(a), "mute-toggle", "the mute button lost focus when toggled");

  // Bob in the audience: raise hand within 3 stops; Enter raises it, and everyone is told.
  await openRoomFromHallway(b, "Keyboard hour", "bob");
  const bobStops = await tabsTo(b, b.getByTestId("room-title"), ["raise-hand"], 3);
  h.note(`bob: raise hand reached in ${bobStops} Tab stops from the room heading`);
  assert.equal(await b.getByTestId("raise-hand").getAttribute("aria-pressed"), "false");
  await b.keyboard.press("Enter");
  await b.locator('[data-testid="lower-hand"][aria-pressed="true"]').waitFor();
  assert.equal(await focused(b), "lower-hand", "the hand button lost focus when pressed");
  await announced(b, "Your hand is raised.");
  await announced(a, "Bob Babbage raised a hand.");
  await a.getByTestId("invite-to-speak-bob").click();
  await announced(b, "Ada Lovelace invited you to speak.");
  await b.getByTestId("speak-decline").click();

  // Bob opens Ada's profile card from her tile with the keyboard.
  const tile = b.getByTestId("participant-ada");
  await tile.focus();
  await b.keyboard.press("Enter");
  const card = b.locator('[data-testid="participant-card"] [role="dialog"]');
  await card.waitFor();
  await assertTrapped(b, card, 8, "profile card");
  await h.shot(b, "01-bob-profile-card", { fullPage: false });
  await escapeTo(b, card, "participant-ada", "profile card");

  // The report dialog, opened from the card: focus in, trapped, Escape, back on the tile.
  await b.keyboard.press("Enter");
  await card.waitFor();
  await b.getByTestId("action-report").focus();
  await b.keyboard.press("Enter");
  const report = b.getByTestId("report-dialog");
  await report.waitFor();
  await assertTrapped(b, report, 12, "report dialog");
  await escapeTo(b, report, "participant-ada", "report dialog");

  // Ada's ping dialog: focus lands in its search field.
  await a.getByTestId("ping-open").focus();
  await a.keyboard.press("Enter");
  const ping = a.getByTestId("ping-dialog");
  await ping.waitFor();
  assert.equal(await focused(a), "ping-search", "the ping dialog did not focus its search field");
  await assertTrapped(a, ping, 4, "ping dialog");
  await escapeTo(a, ping, "ping-open", "ping dialog");

  // The notification panel (Ada has one: Bob used her invite): a menu with the same manners.
  await a.getByTestId("notification-bell").focus();
  await a.keyboard.press("Enter");
  const panel = a.getByTestId("notification-panel");
  await panel.waitFor();
  await a.getByTestId("notification").first().waitFor();
  await assertTrapped(a, panel, 5, "notification panel");
  await h.shot(a, "02-ada-notification-panel", { fullPage: false });
  await escapeTo(a, panel, "notification-bell", "notification panel");
});
