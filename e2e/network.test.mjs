// Browsers on other hosts. The test builds its own network (lib/netns.mjs): a "server"
// namespace (Stoa, nginx from deploy/, coturn) and two "client" namespaces, each joined to the
// server by a veth pair (client 1: 10.77.1.2 ↔ 10.77.1.1, client 2: 10.77.2.2 ↔ 10.77.2.1).
// Chromium runs inside the client namespaces WITHOUT the loopback ICE flag and without resolver
// rules: `stoa.test` comes from the namespace's /etc/hosts, HTTPS is trusted because the test's
// CA is in that browser's NSS database, so the page is a secure context and gets its (fake)
// microphone. Alice (client 1, 440 Hz, straight at Stoa's own --https with the test CA's
// certificate) and Bob (client 2, 660 Hz, through nginx running deploy/nginx.conf) sign up, meet
// in a room and hear each other over host candidates; then all UDP is dropped in client 2's
// namespace (nftables) and Bob, reloading, still hears Alice through coturn over TCP. The time
// from opening the room page to the first audio is printed for both cases.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { waitForTone } from "./lib/audio.mjs";
import { startCoturn } from "./lib/coturn.mjs";
import { acceptSpeakInvite, createInvite, signUp, startRoom } from "./lib/flows.mjs";
import { artifacts, createHarness } from "./lib/harness.mjs";
import { iceReport, selectedPair } from "./lib/ice.mjs";
import { canCreateNamespaces, createTestNetwork, execIn, nftIn } from "./lib/netns.mjs";
import { startNginx } from "./lib/nginx.mjs";
import { parseMetrics, sumOf } from "./lib/prometheus.mjs";
import { makeTestCa, trustInNss } from "./lib/testca.mjs";

const skip = canCreateNamespaces() ? false : "needs root and `ip netns` (run by scripts/test outside unshare)";
const HOST = "stoa.test";
const TURN_SECRET = "e2e-turn-shared-secret";
/** Stoa's /metrics listener, on the server namespace's own loopback. */
const METRICS = "127.0.0.1:9464";
const h = createHarness("network-");
const stops = [];
const figures = {};
let net, ca, server, alice, bob, roomUrl;
/** Where each browser opens Stoa: Alice straight at Stoa, Bob through nginx. */
let aliceBase, bobBase;

/** Drops every UDP packet entering or leaving namespace `ns`. */
const BLOCK_UDP = `
table inet stoa_e2e_block_udp {
  chain input { type filter hook input priority 0; policy accept; meta l4proto udp drop; }
  chain output { type filter hook output priority 0; policy accept; meta l4proto udp drop; }
}
`;

/** Opens `url` and measures until `freq` is heard: { ms, tone }. */
async function openAndHear(page, url, freq) {
  const t0 = Date.now();
  await page.goto(url);
  await page.getByTestId("room-page").waitFor();
  await page.waitForFunction(() => window.__stoa?.pc);
  const tone = await waitForTone(page, freq, 20_000);
  const ms = Date.now() - t0;
  if (!tone.ok) tone.ice = await iceReport(page);
  return { ms, tone };
}

/** The origin `base` with the path of `url` (invite links name the public URL). */
const rebase = (url, base) => new URL(new URL(url).pathname, base).href;

before(async () => {
  if (skip) return;
  net = createTestNetwork({ clients: 2 });
  const [c1, c2] = net.clients;
  // Each client finds stoa.test at its own gateway (both are the server's addresses); any
  // other name goes to a resolver address inside the test network where nothing answers.
  net.hosts(c1.ns, { [HOST]: c1.gateway });
  net.hosts(c2.ns, { [HOST]: c2.gateway });
  net.hosts(net.server.ns, { [HOST]: "127.0.0.1" });
  for (const c of net.clients) net.resolver(c.ns, c.gateway);
  ca = makeTestCa(join(h.tmp, "ca"), [HOST]);

  const args = ["--public-url", `https://${HOST}`, "--trusted-proxies", "127.0.0.1"];
  args.push("--https", "0.0.0.0:443", "--tls-cert", ca.cert, "--tls-key", ca.key);
  args.push("--turn-url", `turn:${HOST}:3478?transport=udp`, "--turn-url", `turn:${HOST}:3478?transport=tcp`);
  args.push("--turn-secret", TURN_SECRET, "--metrics", METRICS);
  // Media on Stoa's default, dual stack on every interface: a host candidate per usable address
  // (10.77.1.1 and 10.77.2.1; the veths' link-local IPv6 addresses are not offered).
  server = await h.startServer({ netns: net.server.ns, http: "127.0.0.1:0", media: "[::]:50000", extraArgs: args });

  // nginx (deploy/nginx.conf) in front of Stoa's plain listener, for Bob.
  const nginxPort = 8443;
  const nginx = await startNginx(net.server.ns, join(h.tmp, "nginx"), join(artifacts, "network-nginx.log"), {
    name: HOST, port: nginxPort, cert: ca.cert, key: ca.key, upstream: server.http,
  });
  stops.push(nginx.stop);
  aliceBase = `https://${HOST}/`;
  bobBase = `https://${HOST}:${nginxPort}/`;

  const coturn = await startCoturn(net.server.ns, join(h.tmp, "coturn"), join(artifacts, "network-coturn.log"), {
    listen: net.server.addrs, relayIp: net.server.addrs[0], peers: net.server.addrs, secret: TURN_SECRET, realm: HOST,
  });
  stops.push(coturn.stop);

  const home = (name) => join(h.tmp, `home-${name}`);
  trustInNss(home("alice"), ca.caCert);
  trustInNss(home("bob"), ca.caCert);
  alice = await h.user("alice", 440, { netns: c1.ns, home: home("alice") });
  bob = await h.user("bob", 660, { netns: c2.ns, home: home("bob") });
});

after(async () => {
  h.note(`figures: ${JSON.stringify(figures)}`);
  await h.teardown();
  for (const stop of stops) await stop();
  net?.teardown();
});

test("two browsers in two client namespaces meet over HTTPS by name and hear each other", { skip, timeout: 120_000 }, async (t) => {
  // Secure context by name, with the test CA trusted and no certificate flag.
  await alice.page.goto(aliceBase);
  assert.equal(await alice.page.evaluate(() => window.isSecureContext), true);
  assert.equal(new URL(alice.page.url()).hostname, HOST);

  await signUp(alice.page, rebase(server.invite, aliceBase), "alice", "Alice Adams");
  await startRoom(alice.page, "Across namespaces", "alice");
  roomUrl = new URL(alice.page.url()).pathname;
  const inviteUrl = await createInvite(alice.context, aliceBase);
  await signUp(bob.page, rebase(inviteUrl, bobBase), "bob", "Bob Brown");
  // Bob's pages come from nginx (its port), with the test CA's certificate.
  assert.equal(new URL(bob.page.url()).port, "8443");

  // Bob opens the room (in the audience) and hears Alice, who opened it on stage.
  const heard = await openAndHear(bob.page, new URL(roomUrl, bobBase).href, 440);
  await h.shot(bob.page, "01-bob-hears-alice");
  assert.ok(heard.tone.ok, `Bob did not hear Alice's 440 Hz: ${JSON.stringify(heard.tone)}`);
  figures.host_ms = heard.ms;
  t.diagnostic(`page open → first audio, host candidates (UDP): ${heard.ms} ms`);

  // Both use host candidates: the browsers' own veth addresses and the server's.
  const bobPair = await selectedPair(bob.page);
  const alicePair = await selectedPair(alice.page);
  h.note(`pairs: alice ${JSON.stringify(alicePair)} bob ${JSON.stringify(bobPair)}`);
  assert.equal(bobPair.local.type, "host", JSON.stringify(bobPair));
  assert.equal(bobPair.local.address, net.clients[1].addr);
  assert.ok(net.server.addrs.includes(bobPair.remote.address), JSON.stringify(bobPair));
  assert.equal(alicePair.local.type, "host", JSON.stringify(alicePair));
  assert.equal(alicePair.local.address, net.clients[0].addr);

  // Bob raises a hand, Alice invites him on stage, and Alice hears Bob.
  await bob.page.getByTestId("raise-hand").click();
  await alice.page.getByTestId("invite-to-speak-bob").click();
  await acceptSpeakInvite(bob.page, "bob");
  const aliceHears = await waitForTone(alice.page, 660, 20_000);
  await h.shot(alice.page, "02-alice-hears-bob");
  assert.ok(aliceHears.ok, `Alice did not hear Bob's 660 Hz: ${JSON.stringify(aliceHears)}`);
});

test("/metrics, scraped inside the server namespace, shows the room, its peers and forwarded packets", { skip, timeout: 30_000 }, async (t) => {
  const scrape = () => parseMetrics(execIn(net.server.ns, "curl", ["-sf", `http://${METRICS}/metrics`]));
  const first = scrape();
  assert.equal(sumOf(first, "stoa_rooms"), 1);
  assert.ok(sumOf(first, "stoa_peers", { state: ["connected", "settled"] }) >= 2, "two connected peers");
  assert.ok(sumOf(first, "stoa_websockets") >= 2, "two signaling sockets");
  assert.ok(sumOf(first, "stoa_members_online") >= 2, "two members online");
  // Both are on stage and talking: the forwarded-packet count keeps rising.
  const forwarded = sumOf(first, "stoa_sfu_packets_forwarded_total");
  assert.ok(forwarded > 0, "packets forwarded");
  let later = forwarded;
  for (let i = 0; i < 50 && later <= forwarded; i++) {
    await new Promise((r) => setTimeout(r, 100));
    later = sumOf(scrape(), "stoa_sfu_packets_forwarded_total");
  }
  assert.ok(later > forwarded, `forwarded packets did not rise past ${forwarded}`);
  t.diagnostic(`metrics: rooms 1, peers ${sumOf(first, "stoa_peers")}, forwarded ${forwarded} → ${later}`);
});

test("with all UDP dropped in Bob's namespace, Bob still hears through coturn over TCP", { skip, timeout: 120_000 }, async (t) => {
  nftIn(net.clients[1].ns, BLOCK_UDP);
  const rules = execIn(net.clients[1].ns, "nft", ["list", "ruleset"]);
  assert.match(rules, /udp drop/);

  // Bob reloads the room: a fresh peer connection, which can only get through TURN over TCP.
  const heard = await openAndHear(bob.page, new URL(roomUrl, bobBase).href, 440);
  await h.shot(bob.page, "03-bob-hears-alice-via-turn");
  assert.ok(heard.tone.ok, `Bob did not hear Alice's 440 Hz through TURN: ${JSON.stringify(heard.tone)}`);
  figures.turn_tcp_ms = heard.ms;
  t.diagnostic(`page open → first audio, UDP blocked, relayed by coturn over TCP: ${heard.ms} ms`);
  const pair = await selectedPair(bob.page);
  h.note(`bob pair with UDP blocked: ${JSON.stringify(pair)}`);
  assert.equal(pair.local.type, "relay", JSON.stringify(pair));
  assert.equal(pair.local.relayProtocol, "tcp", JSON.stringify(pair));
  // Alice, who has UDP, stays on host candidates.
  assert.equal((await selectedPair(alice.page)).local.type, "host");
  // Bob is still on stage after reopening the page: Alice hears him through the relay too.
  await bob.page.locator('[data-testid="participant-bob"][data-role="speaker"]').waitFor();
  const toggle = bob.page.getByTestId("mute-toggle");
  if ((await toggle.getAttribute("data-muted")) === "true") await toggle.click();
  const aliceHears = await waitForTone(alice.page, 660, 20_000);
  assert.ok(aliceHears.ok, `Alice did not hear Bob (relayed) at 660 Hz: ${JSON.stringify(aliceHears)}`);
});

