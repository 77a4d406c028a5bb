// End to end: profiles. Mara (first member, admin) edits her profile: display name, a bio with a
// link, a `javascript:` text and HTML (the counter counts live), an avatar upload refused when the
// bytes are not an image, then a real PNG (preview, then the server-made 256×256 image in the top
// bar and on the profile). Fred (invited by Mara) finds her through the search page, follows her
// and shows up in her followers; blocks her (the follow goes, she lands in his blocks list) and
// unblocks her. Mara, as admin, grants Fred invites and sees him under her in the invite tree.
// Screenshots go to e2e/artifacts/profile-*.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createInvite, signUp } from "./lib/flows.mjs";
import { createHarness } from "./lib/harness.mjs";

const h = createHarness("profile-");
let server;

before(async () => {
  server = await h.startServer();
});

after(() => h.teardown());

/** A 300×200 PNG drawn on a canvas in `page`. */
async function canvasPng(page) {
  const b64 = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 300;
    c.height = 200;
    const g = c.getContext("2d");
    g.fillStyle = "#3b82d9";
    g.fillRect(0, 0, 300, 200);
    g.fillStyle = "#ffffff";
    g.fillRect(100, 50, 100, 100);
    return c.toDataURL("image/png").split(",")[1];
  });
  return Buffer.from(b64, "base64");
}

test("edit a profile with an avatar, follow, block, and the admin tools", { timeout: 120_000 }, async () => {
  const mara = await h.user("mara", 440);
  await signUp(mara.page, server.invite, "mara", "Mara Moss");
  const inviteUrl = await createInvite(mara.context, server.url);
  const fredContext = await mara.browser.newContext({ viewport: { width: 1000, height: 760 } });
  fredContext.setDefaultTimeout(15_000);
  const fred = await fredContext.newPage();
  fred.on("pageerror", (e) => h.logLines.push(`[fred pageerror] ${e.message}`));
  await signUp(fred, inviteUrl, "fred", "Fred Fox");

  // Mara: own profile → edit.
  const m = mara.page;
  await m.getByTestId("me").click();
  await m.locator('[data-testid="profile-page"][data-username="mara"]').waitFor();
  await m.getByTestId("edit-profile").click();
  await m.getByTestId("edit-profile-page").waitFor();
  const bio = 'Stoic. Notes at https://example.org/notes. javascript:alert(1) <b>bold</b>';
  await m.getByTestId("edit-bio").fill(bio);
  assert.equal(await m.getByTestId("bio-counter").innerText(), `${[...bio].length} / 300`);
  await m.getByTestId("edit-bio").fill("x".repeat(301));
  assert.equal(await m.getByTestId("bio-counter").innerText(), "301 / 300");
  assert.equal(await m.getByTestId("edit-save").isDisabled(), true, "a 301-character bio can be saved");
  await m.getByTestId("edit-bio").fill(bio);

  // Avatar: bytes that are not an image are refused by the server; a PNG is previewed and saved.
  await m.getByTestId("avatar-file").setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("not an image at all") });
  await m.getByTestId("avatar-upload").click();
  await m.getByTestId("avatar-error").filter({ hasText: "isn't a PNG, JPEG or WebP" }).waitFor();
  await m.getByTestId("avatar-file").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: await canvasPng(m) });
  await m.getByTestId("avatar-preview").waitFor();
  assert.equal(await m.getByTestId("avatar-error").count(), 0);
  await m.getByTestId("avatar-upload").click();
  await m.getByTestId("avatar-preview").waitFor({ state: "detached" });
  const topAvatar = m.locator('[data-testid="me"] img.avatar');
  await topAvatar.waitFor();
  assert.match(await topAvatar.getAttribute("src"), /^\/api\/users\/mara\/avatar/);
  await m.waitForFunction(() => document.querySelector('[data-testid="me"] img.avatar')?.naturalWidth === 256);

  await m.getByTestId("edit-display-name").fill("Mara the Stoic");
  await m.getByTestId("edit-save").click();
  await m.locator('[data-testid="profile-page"][data-username="mara"]').waitFor();
  assert.equal(await m.getByTestId("profile-name").innerText(), "Mara the Stoic");
  await m.getByTestId("me").filter({ hasText: "Mara the Stoic" }).waitFor();
  // The bio: one safe link, the rest as text (no <b> element, no javascript: link).
  const links = m.locator('[data-testid="profile-bio"] a');
  assert.equal(await links.count(), 1);
  assert.equal(await links.getAttribute("href"), "https://example.org/notes");
  assert.equal(await links.getAttribute("rel"), "noopener noreferrer nofollow");
  assert.equal(await m.locator('[data-testid="profile-bio"] b').count(), 0);
  assert.equal(await m.getByTestId("profile-bio").innerText(), bio);
  await h.shot(m, "01-mara-profile");

  // Fred: search page → Mara's profile → follow; he is in her followers.
  await fred.getByTestId("search-input").fill("mar");
  await fred.getByTestId("search-input").press("Enter");
  await fred.getByTestId("search-page").waitFor();
  assert.equal(await fred.getByTestId("search-page-input").inputValue(), "mar");
  // Faces everywhere: Mara's photo in the search results (the summary carries its version).
  const maraFace = fred.locator('[data-testid="search-page-result"][data-username="mara"] img.avatar');
  await maraFace.waitFor();
  assert.match(await maraFace.getAttribute("src"), /^\/api\/users\/mara\/avatar\?v=\d+$/);
  await fred.waitForFunction(
    () => document.querySelector('[data-testid="search-page-result"][data-username="mara"] img.avatar')?.naturalWidth === 256,
  );
  await fred.locator('[data-testid="search-page-result"][data-username="mara"]').click();
  await fred.locator('[data-testid="profile-page"][data-username="mara"]').waitFor();
  assert.equal(await fred.getByTestId("profile-nominated-by").count(), 0, "the first member shows a nominator");
  await fred.getByTestId("follow").click();
  await fred.getByTestId("unfollow").waitFor();
  await fred.getByTestId("tab-followers").filter({ hasText: "1 follower" }).waitFor();
  await fred.getByTestId("tab-followers").click();
  // Fred has no photo: his row shows initials.
  await fred.locator('[data-testid="followers-row"][data-username="fred"] [data-testid="avatar-initials"]').waitFor();
  await h.shot(fred, "02-fred-follows-mara");

  // Fred blocks Mara: the follow is gone, she is in his blocks list; then he unblocks her.
  await fred.getByTestId("block").click();
  await fred.getByTestId("profile-blocked").waitFor();
  assert.equal(await fred.getByTestId("follow").count(), 0, "follow offered to a blocked member");
  await fred.getByTestId("tab-followers").filter({ hasText: "0 followers" }).waitFor();
  await fred.getByTestId("me").click();
  await fred.getByTestId("blocks-link").click();
  const blocked = fred.locator('[data-testid="blocked-row"][data-username="mara"]');
  await blocked.waitFor();
  await blocked.getByTestId("unblock-row").click();
  await blocked.waitFor({ state: "detached" });

  // Mara (admin): grant Fred 3 invites; the invite tree shows Fred under Mara.
  await m.getByTestId("nav-admin").click();
  await m.getByTestId("admin-page").waitFor();
  await m.getByTestId("grant-username").fill("fred");
  await m.getByTestId("grant-count").fill("3");
  await m.getByTestId("grant-submit").click();
  await m.getByTestId("grant-result").filter({ hasText: "@fred: 5 invites left." }).waitFor();
  const maraNode = m.locator('[data-testid="tree-node"][data-username="mara"]');
  await maraNode.locator('[data-testid="tree-node"][data-username="fred"]').waitFor();
  await maraNode.locator(".tree-line img.avatar").first().waitFor();
  await m.getByTestId("tree-root").fill("fred");
  await m.getByTestId("tree-submit").click();
  await m.getByTestId("tree-total").filter({ hasText: "0 members below this root" }).waitFor();
  await h.shot(m, "03-mara-admin");
});
