// End to end: growth through the waitlist. Mara (the first member) brings in Fred with an invite
// (Fred's first try shows every bad field's error at once, then a display-name rule only the
// server checks beside its field). Pat has no invite: the used bootstrap invite link says so in a
// sentence and offers "Sign in" and "Join the waitlist"; from the sign-in page Pat follows "Join
// the waitlist", reserves @pat naming Mara, and keeps the status page open. Mara sees Pat under
// "Waiting for you" (with a count in the top bar) and waves Pat in; Pat's status page notices by
// itself and Pat finishes sign-up with a password, nominated by Mara. Pat starts a room: in
// Fred's hallway its card says "Just started" until Fred finds Pat through the member search and
// follows Pat from the profile; then the card's reason names Pat on stage. Screenshots go to
// e2e/artifacts/waitlist-*.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createInvite, signUp, startRoom } from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("waitlist-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

/** A fresh, signed-out context in `browser` (its own cookies), logging like the harness's pages. */
async function newPerson(browser, name) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on("console", (m) => h.logLines.push(`[${name} console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => h.logLines.push(`[${name} pageerror] ${e.message}`));
  return { context, page };
}

test("a waved-in waitlister signs up and shows up in a follower's hallway reasons", { timeout: 120_000 }, async () => {
  const mara = await h.user("mara", 440);
  const fred = await h.user("fred", 660);

  // Mara is the first member; Fred joins through her invite.
  await signUp(mara.page, server.invite, "mara", "Mara Moss");
  const inviteUrl = await createInvite(mara.context, server.url);

  // Fred's first try breaks every rule: each field says what is wrong, all at once.
  await fred.page.goto(inviteUrl);
  await fred.page.getByTestId("signup-page").waitFor();
  await fred.page.getByTestId("signup-username").fill("F");
  await fred.page.getByTestId("signup-password").fill("short");
  await fred.page.getByTestId("signup-submit").click();
  for (const field of ["username", "display-name", "password"]) {
    await fred.page.getByTestId(`signup-${field}-error`).waitFor();
    assert.equal(await fred.page.getByTestId(`signup-${field}`).getAttribute("aria-invalid"), "true", field);
  }
  // A rule only the server knows (no text-direction characters in names) shows beside its field.
  await fred.page.getByTestId("signup-username").fill("fred");
  await fred.page.getByTestId("signup-display-name").fill("Fred \u202EFox");
  await fred.page.getByTestId("signup-password").fill("correct horse battery");
  await fred.page.getByTestId("signup-submit").click();
  await fred.page.getByTestId("signup-display-name-error").filter({ hasText: /^Display name may not contain text-direction characters/ }).waitFor();
  assert.equal(await fred.page.getByTestId("signup-username-error").count(), 0, "a fixed field still shows its error");
  assert.equal(await fred.page.getByTestId("signup-password-error").count(), 0);
  await h.shot(fred.page, "00-fred-signup-errors");
  await signUp(fred.page, inviteUrl, "fred", "Fred Fox");

  // Pat, signed out and without an invite, first tries the bootstrap invite Mara already used:
  // a sentence (not the server's text) and the ways on, "Sign in" and "Join the waitlist".
  const pat = await newPerson(mara.browser, "pat");
  await pat.page.goto(server.invite);
  const used = pat.page.locator('[data-testid="signup-invalid"][data-error="invite_invalid"]');
  await used.waitFor();
  assert.equal(await used.getByTestId("error-title").innerText(), "This invite can't be used");
  assert.match(await used.getByTestId("error-text").innerText(), /^This invite link was already used, .* join the waitlist/);
  assert.equal(await used.getByTestId("error-way-waitlist").innerText(), "Join the waitlist");
  assert.equal(await used.getByTestId("error-way-waitlist").getAttribute("href"), "/waitlist");
  await h.shot(pat.page, "00-pat-used-invite");
  // Pat has no account: "Sign in" leads to the sign-in page, which also offers the waitlist.
  await used.getByTestId("error-way-sign_in").click();
  await pat.page.getByTestId("signin-page").waitFor();
  await pat.page.getByTestId("waitlist-link").click();
  await pat.page.getByTestId("waitlist-page").waitFor();
  await pat.page.getByTestId("waitlist-username").fill("pat");
  await pat.page.getByTestId("waitlist-display-name").fill("Pat Park");
  await pat.page.getByTestId("waitlist-named-0").fill("@Mara");
  await pat.page.getByTestId("waitlist-submit").click();
  await pat.page.getByTestId("waitlist-reserved").waitFor();
  const statusUrl = await pat.page.getByTestId("waitlist-url").inputValue();
  assert.match(statusUrl, /\/waitlist\/[^/\s]+$/);
  await pat.page.getByTestId("waitlist-status-link").click();
  const status = pat.page.getByTestId("waitlist-status");
  await status.waitFor();
  assert.equal(await status.getAttribute("data-waved"), "false");
  assert.match(await pat.page.getByTestId("waitlist-status-text").innerText(), /Waiting for Mara Moss \(@mara\)/);
  assert.equal(await pat.page.getByTestId("waitlist-finish").count(), 0, "sign-up offered before any wave-in");
  await h.shot(pat.page, "01-pat-waiting");

  // Mara is told live (top bar count), opens "Waiting for you" and waves Pat in.
  await mara.page.getByTestId("waiting-count").filter({ hasText: "1" }).waitFor();
  await mara.page.getByTestId("nav-waiting").click();
  const row = mara.page.locator('[data-testid="waiting-row"][data-username="pat"]');
  await row.waitFor();
  assert.match(await row.innerText(), /Pat Park/);
  await h.shot(mara.page, "02-mara-waiting-for-you");
  await mara.page.getByTestId("wave-pat").click();
  await row.getByTestId("waved-in").waitFor();
  await mara.page.getByTestId("waiting-count").waitFor({ state: "detached" });

  // Pat's status page notices by itself (it polls), and Pat finishes sign-up.
  await pat.page.locator('[data-testid="waitlist-status"][data-waved="true"]').waitFor();
  assert.match(await pat.page.getByTestId("waitlist-status-text").innerText(), /Mara Moss \(@mara\) waved you in/);
  await h.shot(pat.page, "03-pat-waved-in");
  await pat.page.getByTestId("waitlist-password").fill("correct horse battery");
  await pat.page.getByTestId("waitlist-finish-submit").click();
  await pat.page.getByTestId("hallway").waitFor();
  assert.equal(await pat.page.getByTestId("me").getAttribute("data-username"), "pat");

  // Pat's profile: nominated by Mara, for good.
  await pat.page.getByTestId("me").click();
  await pat.page.locator('[data-testid="profile-page"][data-username="pat"]').waitFor();
  assert.match(await pat.page.getByTestId("profile-nominated-by").innerText(), /Nominated by Mara Moss/);
  await pat.page.getByTestId("nav-hallway").click();

  // Pat starts a room. Fred does not follow Pat yet: the card gives no personal reason.
  const title = "Fresh off the waitlist";
  await startRoom(pat.page, title, "pat");
  const card = fred.page.getByTestId("hallway-room").filter({ hasText: title });
  await card.waitFor();
  const reason = card.getByTestId("hallway-room-reason");
  assert.equal(/Pat Park/.test((await reason.count()) ? await reason.innerText() : ""), false, "reason names Pat before Fred follows Pat");

  // Fred finds Pat through the member search and follows Pat from the profile.
  await fred.page.getByTestId("search-input").fill("pa");
  const result = fred.page.locator('[data-testid="search-result"][data-username="pat"]');
  await result.waitFor();
  await result.click();
  await fred.page.locator('[data-testid="profile-page"][data-username="pat"]').waitFor();
  await fred.page.getByTestId("follow").click();
  await fred.page.getByTestId("unfollow").waitFor();
  await fred.page.getByTestId("profile-room-now").filter({ hasText: title }).waitFor();
  await h.shot(fred.page, "04-fred-on-pat-profile");

  // Back in Fred's hallway, the card says why it is there: someone Fred follows is on stage.
  await fred.page.getByTestId("nav-hallway").click();
  await card.getByTestId("hallway-room-reason").filter({ hasText: "Pat Park is on stage" }).waitFor();
  await h.shot(fred.page, "05-fred-hallway-reason");
});
