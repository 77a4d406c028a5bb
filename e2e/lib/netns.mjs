// A test network of the test's own: a "server" network namespace and N "client" namespaces,
// each client joined to the server by its own veth pair (client i: 10.77.i.0/24, server .1,
// client .2, the client's default route via the server end). Both ends of every veth are created
// directly inside the namespaces (`ip -n SERVER link add … peer … netns CLIENT`), so nothing,
// not even a veth end, appears in the machine's own namespace, and no route leads out of the
// test network. Names carry a per-run prefix with the creating process's pid; `sweepLeftovers`
// removes namespaces of runs whose process is gone. Needs root (`ip netns`, `nft`).
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Every namespace this module makes starts with this; the next field is the creator's pid. */
export const NS_PREFIX = "stoae2e";

const ETC_NETNS = "/etc/netns";

/** Runs `ip …args` and returns its stdout; throws with its stderr on failure. */
export function ip(...args) {
  return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs a command inside namespace `ns` and returns its stdout. */
export function execIn(ns, cmd, args = [], opts = {}) {
  return execFileSync("ip", ["netns", "exec", ns, cmd, ...args], {
    encoding: "utf8",
    stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    ...opts,
  });
}

/** Spawns a long-running command inside namespace `ns` (same options as `child_process.spawn`). */
export function spawnIn(ns, cmd, args = [], opts = {}) {
  return spawn("ip", ["netns", "exec", ns, cmd, ...args], opts);
}

/** Whether this process may create network namespaces (root with `ip netns` working). */
export function canCreateNamespaces() {
  if (process.getuid?.() !== 0) return false;
  const probe = `${NS_PREFIX}-${process.pid}-probe`;
  try {
    ip("netns", "add", probe);
    ip("netns", "del", probe);
    return true;
  } catch {
    return false;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** Names of this module's namespaces that exist now. */
function ourNamespaces() {
  return ip("netns", "list")
    .split("\n")
    .map((line) => line.split(" ")[0])
    .filter((name) => name.startsWith(`${NS_PREFIX}-`));
}

/** Stops what still runs in `ns` (SIGKILL: only test processes run there) and deletes it. */
function destroyNamespace(ns) {
  try {
    for (const pid of ip("netns", "pids", ns).split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {}
    }
  } catch {}
  try {
    ip("netns", "del", ns);
  } catch {}
  rmSync(join(ETC_NETNS, ns), { recursive: true, force: true });
}

/** Removes namespaces (and their /etc/netns files) left by earlier runs that crashed. */
export function sweepLeftovers() {
  const gone = [];
  for (const ns of ourNamespaces()) {
    const pid = Number(ns.split("-")[1]);
    if (!pidAlive(pid)) {
      destroyNamespace(ns);
      gone.push(ns);
    }
  }
  try {
    for (const dir of readdirSync(ETC_NETNS)) {
      const pid = Number(dir.split("-")[1]);
      if (dir.startsWith(`${NS_PREFIX}-`) && !pidAlive(pid)) rmSync(join(ETC_NETNS, dir), { recursive: true, force: true });
    }
  } catch {}
  return gone;
}

const live = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanAll = () => {
    for (const net of live) net.teardown();
  };
  process.on("exit", cleanAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(sig, () => {
      cleanAll();
      process.kill(process.pid, sig);
    });
  }
}

/**
 * Creates the network: { id, server: { ns, addrs }, clients: [{ ns, addr, gateway }], hosts(ns,
 * map), teardown() }. `clients` is how many client namespaces; client i (0-based) gets subnet
 * 10.77.(i+1).0/24. `teardown` is idempotent and also runs when the process exits.
 */
export function createTestNetwork({ clients = 2 } = {}) {
  sweepLeftovers();
  installExitHook();
  const id = `${NS_PREFIX}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const serverNs = `${id}-srv`;
  const made = [];
  const net = {
    id,
    server: { ns: serverNs, addrs: [] },
    clients: [],
    /** Writes the /etc/hosts that `ip netns exec ns …` sees: { name: address }. */
    hosts(ns, map) {
      const dir = join(ETC_NETNS, ns);
      mkdirSync(dir, { recursive: true });
      const lines = ["127.0.0.1 localhost", ...Object.entries(map).map(([name, addr]) => `${addr} ${name}`)];
      writeFileSync(join(dir, "hosts"), lines.join("\n") + "\n");
    },
    /** Writes the /etc/resolv.conf that `ip netns exec ns …` sees (a name server inside the net). */
    resolver(ns, nameserver) {
      const dir = join(ETC_NETNS, ns);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "resolv.conf"), `nameserver ${nameserver}\noptions timeout:1 attempts:1\n`);
    },
    teardown() {
      if (!live.has(net)) return;
      live.delete(net);
      for (const ns of made.reverse()) destroyNamespace(ns);
    },
  };
  live.add(net);
  try {
    ip("netns", "add", serverNs);
    made.push(serverNs);
    ip("-n", serverNs, "link", "set", "lo", "up");
    for (let i = 0; i < clients; i++) {
      const ns = `${id}-c${i + 1}`;
      ip("netns", "add", ns);
      made.push(ns);
      const subnet = `10.77.${i + 1}`;
      const serverEnd = `to-c${i + 1}`;
      // Both ends are born inside the namespaces: the server end in the server namespace, the
      // peer moved into the client namespace by the same command.
      ip("-n", serverNs, "link", "add", serverEnd, "type", "veth", "peer", "name", "eth0", "netns", ns);
      ip("-n", serverNs, "addr", "add", `${subnet}.1/24`, "dev", serverEnd);
      ip("-n", serverNs, "link", "set", serverEnd, "up");
      ip("-n", ns, "link", "set", "lo", "up");
      ip("-n", ns, "addr", "add", `${subnet}.2/24`, "dev", "eth0");
      ip("-n", ns, "link", "set", "eth0", "up");
      ip("-n", ns, "route", "add", "default", "via", `${subnet}.1`);
      net.server.addrs.push(`${subnet}.1`);
      net.clients.push({ ns, addr: `${subnet}.2`, gateway: `${subnet}.1` });
    }
  } catch (e) {
    net.teardown();
    throw e;
  }
  return net;
}

/** Loads an nftables ruleset (text) into namespace `ns`. */
export function nftIn(ns, ruleset) {
  execIn(ns, "nft", ["-f", "-"], { input: ruleset });
}
