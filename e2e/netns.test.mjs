// The test network itself (lib/netns.mjs), before browsers rely on it: it adds nothing to the
// namespace the test runs in (links, addresses and routes the same before, during and after),
// clients reach the server and nothing beyond it, and namespaces left by a run that was killed
// (no hook ran) are removed by the next run's sweep.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { canCreateNamespaces, createTestNetwork, execIn, ip, NS_PREFIX, sweepLeftovers } from "./lib/netns.mjs";

const skip = canCreateNamespaces() ? false : "needs root and `ip netns` (run by scripts/test)";
const lib = new URL("./lib/netns.mjs", import.meta.url).href;

/** This namespace's links, addresses and routes (no counters, no link states that flap). */
const ownNetwork = () => [ip("-br", "link"), ip("-br", "addr"), ip("route"), ip("-6", "route")].join("\n");
const namespaces = () => ip("netns", "list");

test("the test network adds nothing to the caller's namespace and leads nowhere else", { skip }, () => {
  const before = ownNetwork();
  const net = createTestNetwork({ clients: 2 });
  try {
    assert.equal(ownNetwork(), before);
    const [c1, c2] = net.clients;
    assert.deepEqual(net.server.addrs, ["10.77.1.1", "10.77.2.1"]);
    // Client 2 reaches the server's address on client 1's side (through its gateway)...
    assert.match(execIn(c2.ns, "ip", ["route", "get", "10.77.1.1"]), /via 10\.77\.2\.1 dev eth0/);
    // ...but the server has no route out: no default route, the internet is unreachable.
    assert.doesNotMatch(execIn(net.server.ns, "ip", ["route"]), /default/);
    assert.throws(() => execIn(net.server.ns, "ip", ["route", "get", "1.1.1.1"]), /unreachable/i);
    assert.equal(execIn(c1.ns, "ip", ["-br", "link"]).split("\n").filter(Boolean).length, 2); // lo, eth0
  } finally {
    net.teardown();
  }
  assert.equal(ownNetwork(), before);
  assert.ok(!namespaces().includes(net.id), "namespaces left after teardown");
});

test("namespaces of a killed run are swept by the next one", { skip }, () => {
  // A child makes a network and dies by SIGKILL: neither after-hooks nor exit hooks run.
  const script = `import(${JSON.stringify(lib)}).then((m) => { const n = m.createTestNetwork({ clients: 1 }); console.log(n.id); process.kill(process.pid, "SIGKILL"); });`;
  let id = "";
  try {
    execFileSync(process.execPath, ["-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  } catch (e) {
    assert.equal(e.signal, "SIGKILL");
    id = e.stdout.trim();
  }
  assert.match(id, new RegExp(`^${NS_PREFIX}-\\d+-`));
  assert.ok(namespaces().includes(`${id}-srv`), "the killed run's namespaces should still be there");
  const swept = sweepLeftovers();
  assert.ok(swept.includes(`${id}-srv`) && swept.includes(`${id}-c1`), JSON.stringify(swept));
  assert.ok(!namespaces().includes(id));
});
