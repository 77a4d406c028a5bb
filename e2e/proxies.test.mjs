// The reverse-proxy configs in deploy/ as operators install them, each run for real in front of
// Stoa inside a test network namespace (only `lo`; Stoa, the proxy and the probe all inside):
// `caddy validate` accepts deploy/Caddyfile as shipped and `nginx -t` deploy/nginx.conf (with the
// test's certificate); then through each proxy, over HTTPS by host name with a certificate from
// the test's own CA, the web client's page loads (with HSTS), a member signs in through the API
// and the signaling WebSocket upgrades and answers a ping (lib/probe-proxy.mjs); /metrics asked
// through the proxy is refused (the proxy's X-Forwarded-For marks it as not local).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { caddyValidate, deployCaddyfile, startCaddy } from "./lib/caddy.mjs";
import { artifacts, createHarness } from "./lib/harness.mjs";
import { canCreateNamespaces, createTestNetwork, execIn } from "./lib/netns.mjs";
import { startNginx } from "./lib/nginx.mjs";
import { makeTestCa } from "./lib/testca.mjs";

const skip = canCreateNamespaces() ? false : "needs root and `ip netns` (run by scripts/test outside unshare)";
const probe = new URL("./lib/probe-proxy.mjs", import.meta.url).pathname;
const HOST = "stoa.test";
const h = createHarness("proxies-");
let net;
let ca;
let server;
const stops = [];

/** Runs the probe inside the server namespace against `base`; its JSON result. */
function runProbe(base, ...args) {
  const out = execIn(net.server.ns, process.execPath, [probe, base, ...args], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.caCert },
    timeout: 20_000,
  });
  return JSON.parse(out.trim().split("\n").pop());
}

before(async () => {
  if (skip) return;
  net = createTestNetwork({ clients: 0 });
  net.hosts(net.server.ns, { [HOST]: "127.0.0.1" });
  ca = makeTestCa(join(h.tmp, "ca"), [HOST]);
  server = await h.startServer({
    netns: net.server.ns,
    extraArgs: ["--public-url", `https://${HOST}`, "--trusted-proxies", "127.0.0.1"],
  });
  // One member, signed up directly at Stoa; the probes sign in as them through each proxy.
  const invite = server.invite.split("/invite/")[1];
  const direct = runProbe(server.url, "member", invite);
  assert.equal(direct.auth, 201, JSON.stringify(direct));
});

after(async () => {
  for (const stop of stops) await stop();
  await h.teardown();
  net?.teardown();
});

test("deploy/Caddyfile validates as shipped", { skip }, () => {
  assert.match(caddyValidate(deployCaddyfile, join(h.tmp, "caddy-validate")), /Valid configuration/);
});

test("deploy/Caddyfile: page, sign-in and WebSocket through a real caddy", { skip, timeout: 60_000 }, async () => {
  const caddy = await startCaddy(net.server.ns, join(h.tmp, "caddy"), join(artifacts, "proxies-caddy.log"), {
    name: HOST, port: 8444, cert: ca.cert, key: ca.key, upstream: server.http,
  });
  stops.push(caddy.stop);
  const r = runProbe(`https://${HOST}:8444/`, "member");
  assert.deepEqual({ page: r.page, auth: r.auth, upgrade: r.upgrade, pong: r.pong }, { page: 200, auth: 200, upgrade: 101, pong: true }, JSON.stringify(r));
  assert.match(r.hsts ?? "", /^max-age=\d+$/, "one Strict-Transport-Security header");
  // The proxy says where the request came from, so Stoa keeps /metrics to itself.
  assert.equal(r.metrics, 403);
});

test("deploy/nginx.conf: nginx -t, then page, sign-in and WebSocket through a real nginx", { skip, timeout: 60_000 }, async () => {
  const dir = join(h.tmp, "nginx");
  const nginx = await startNginx(net.server.ns, dir, join(artifacts, "proxies-nginx.log"), {
    name: HOST, port: 8443, cert: ca.cert, key: ca.key, upstream: server.http,
  });
  stops.push(nginx.stop);
  execFileSync("nginx", ["-t", "-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "pipe" });
  const r = runProbe(`https://${HOST}:8443/`, "member");
  assert.deepEqual({ page: r.page, auth: r.auth, upgrade: r.upgrade, pong: r.pong }, { page: 200, auth: 200, upgrade: 101, pong: true }, JSON.stringify(r));
  assert.match(r.hsts ?? "", /^max-age=\d+$/, "one Strict-Transport-Security header");
  // The proxy says where the request came from, so Stoa keeps /metrics to itself.
  assert.equal(r.metrics, 403);
});
