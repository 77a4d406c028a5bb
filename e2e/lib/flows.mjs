// The user journeys the browser tests share, driven through the web client's data-testid hooks:
// sign up, start a room, create an invite, open a room from the hallway, accept a speak invite,
// and watching `window.__stoa.pc` being replaced by a new peer connection.
import assert from "node:assert/strict";

/** Signs up through `inviteUrl` and waits for the hallway. */
export async function signUp(page, inviteUrl, username, displayName) {
  await page.goto(inviteUrl);
  await page.getByTestId("signup-page").waitFor();
  await page.getByTestId("signup-username").fill(username);
  await page.getByTestId("signup-display-name").fill(displayName);
  await page.getByTestId("signup-password").fill("correct horse battery");
  await page.getByTestId("signup-submit").click();
  await page.getByTestId("hallway").waitFor();
}

/** From the hallway: starts a room titled `title`; asserts its creator `username` moderates it. */
export async function startRoom(page, title, username) {
  await page.getByTestId("new-room-title").fill(title);
  await page.getByTestId("new-room-submit").click();
  await page.getByTestId("room-page").waitFor();
  const tile = page.getByTestId(`participant-${username}`);
  await tile.waitFor();
  assert.equal(await tile.getAttribute("data-role"), "moderator");
}

/** Creates an invite in a second tab of `context` (the first tab stays where it is). */
export async function createInvite(context, baseUrl) {
  const tab = await context.newPage();
  await tab.goto(new URL("/invites", baseUrl).href);
  await tab.getByTestId("invite-create").click();
  const inviteUrl = await tab.getByTestId("invite-url").inputValue();
  assert.match(inviteUrl, /\/invite\/\S+$/);
  await tab.close();
  return inviteUrl;
}

/** From the hallway: opens the live room titled `title`; asserts `username` is in the audience. */
export async function openRoomFromHallway(page, title, username) {
  const card = page.getByTestId("hallway-room").filter({ hasText: title });
  await card.waitFor();
  await card.click();
  await page.getByTestId("room-page").waitFor();
  assert.equal(await page.getByTestId(`participant-${username}`).getAttribute("data-role"), "audience");
}

/** Accepts the pending speak invite: the member comes on stage as a speaker, muted (asserted). */
export async function acceptSpeakInviteMuted(page, username) {
  await page.getByTestId("speak-invite-banner").waitFor();
  await page.getByTestId("speak-accept").click();
  const tile = page.locator(`[data-testid="participant-${username}"][data-role="speaker"]`);
  await tile.waitFor();
  assert.equal(await tile.getAttribute("data-muted"), "true", "a new speaker comes on stage muted");
  assert.equal(await page.getByTestId("mute-toggle").getAttribute("data-muted"), "true");
  await page.getByTestId("muted-hint").filter({ hasText: "unmute to speak" }).waitFor();
}

/** Clicks the microphone button to unmute, as a speaker ready to talk does, and waits for it. */
export async function unmute(page) {
  await page.locator('[data-testid="mute-toggle"][data-muted="true"]').click();
  await page.locator('[data-testid="mute-toggle"][data-muted="false"]').waitFor();
}

/** Accepts the pending speak invite (on stage muted) and unmutes. */
export async function acceptSpeakInvite(page, username) {
  await acceptSpeakInviteMuted(page, username);
  await unmute(page);
}

/** Waits until the participant tile of `username` on `page` shows `role`. */
export function waitForRole(page, username, role, timeout) {
  return page.locator(`[data-testid="participant-${username}"][data-role="${role}"]`).waitFor({ timeout });
}

/** Tags the page's current peer connection, so `waitForNewPeerConnection` can tell it apart. */
export function markPeerConnection(page) {
  return page.evaluate(() => {
    const pc = window.__stoa?.pc;
    if (!pc) throw new Error("window.__stoa.pc is not set");
    pc.__e2eOld = true;
  });
}

/** Waits until the page has replaced the tagged peer connection with a connected new one. */
export function waitForNewPeerConnection(page, timeout) {
  return page.waitForFunction(
    () => {
      const pc = window.__stoa?.pc;
      return pc && !pc.__e2eOld && pc.connectionState === "connected";
    },
    null,
    { timeout },
  );
}
