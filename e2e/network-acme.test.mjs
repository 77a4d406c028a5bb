// A certificate from ACME, trusted by a browser on another host. In the server namespace Pebble
// (Let's Encrypt's test CA) runs beside Stoa; Stoa, started with --acme-domain stoa.test and
// Pebble's directory, orders its certificate and answers TLS-ALPN-01 on its own HTTPS port
// (Pebble finds stoa.test through the server namespace's /etc/hosts). Pebble's root — new on
// every start — goes into the NSS database of a Chromium in a client namespace, which then
// opens https://stoa.test/ as a secure context with no certificate flag, sees Pebble as the
// issuer, signs up, starts a room and gets its microphone onto a connected peer connection.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { signUp, startRoom } from "./lib/flows.mjs";
import { artifacts, createHarness } from "./lib/harness.mjs";
import { canCreateNamespaces, createTestNetwork, execIn } from "./lib/netns.mjs";
import { startPebble } from "./lib/pebble.mjs";
import { makeTestCa, trustInNss } from "./lib/testca.mjs";

const HOST = "stoa.test";
const skip = canCreateNamespaces() ? false : "needs root and `ip netns` (run by scripts/test)";
const h = createHarness("acme-");
const stops = [];
let net, server, pebbleRoot, issuedMs;

before(async () => {
  if (skip) return;
  net = createTestNetwork({ clients: 1 });
  const [c1] = net.clients;
  net.hosts(c1.ns, { [HOST]: c1.gateway });
  net.resolver(c1.ns, c1.gateway);
  net.hosts(net.server.ns, { [HOST]: "127.0.0.1" });
  // Pebble's own listeners (directory, management) use a certificate from the test's CA.
  const ca = makeTestCa(join(h.tmp, "ca"), ["127.0.0.1", "localhost"]);
  const pebble = await startPebble(net.server.ns, join(h.tmp, "pebble"), join(artifacts, "acme-pebble.log"), {
    cert: ca.cert, key: ca.key, caCert: ca.caCert, tlsPort: 443,
  });
  stops.push(pebble.stop);
  pebbleRoot = pebble.root(join(h.tmp, "pebble-root.pem"));

  const t0 = Date.now();
  server = await h.startServer({
    netns: net.server.ns,
    http: "127.0.0.1:0",
    media: "[::]:50000",
    extraArgs: [
      "--https", "0.0.0.0:443",
      "--acme-domain", HOST,
      "--acme-email", `ops@${HOST}`,
      "--acme-directory", pebble.directory,
      "--acme-ca-root", ca.caCert,
      "--public-url", `https://${HOST}`,
    ],
  });
  // Served once issued: curl inside the server namespace trusting Pebble's root only.
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      execIn(net.server.ns, "curl", ["-sf", "-o", "/dev/null", "--cacert", pebbleRoot, `https://${HOST}/`]);
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`no certificate from Pebble within 60 s: ${e.stderr ?? e}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  issuedMs = Date.now() - t0;
});

after(async () => {
  await h.teardown();
  for (const stop of stops) await stop();
  net?.teardown();
});

test("a browser on another host trusts the certificate Stoa got from Pebble over ACME", { skip, timeout: 120_000 }, async (t) => {
  t.diagnostic(`ACME: Stoa start → certificate from Pebble served in ${issuedMs} ms`);
  const home = join(h.tmp, "home-alice");
  trustInNss(home, pebbleRoot);
  const alice = await h.user("alice", 440, { netns: net.clients[0].ns, home });

  const response = await alice.page.goto(`https://${HOST}/`);
  const tls = await response.securityDetails();
  assert.match(tls?.issuer ?? "", /Pebble/i, JSON.stringify(tls));
  assert.equal(tls.subjectName, HOST);
  assert.equal(await alice.page.evaluate(() => window.isSecureContext), true);

  await signUp(alice.page, server.invite, "alice", "Alice Adams");
  await startRoom(alice.page, "Certified", "alice");
  // On stage with a live microphone track on a connected peer connection.
  await alice.page.waitForFunction(() => {
    const pc = window.__stoa?.pc;
    return pc?.connectionState === "connected" && pc.getSenders().some((s) => s.track?.readyState === "live");
  }, null, { timeout: 20_000 });
  await h.shot(alice.page, "01-alice-room-over-acme-cert");
});
