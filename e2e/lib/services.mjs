// Helper processes a network test runs inside its namespaces (nginx, caddy, coturn): started
// in the foreground with their output in an artifact log, waited on until their port listens
// (asked of the namespace with `ss`, no connection needed), and stopped with SIGTERM, then
// SIGKILL after a grace period.
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

/** Whether something in namespace `ns` listens on `port` (TCP, or UDP with `udp`). */
export function listens(ns, port, { udp = false } = {}) {
  const out = execFileSync("ip", ["netns", "exec", ns, "ss", "-Hln", udp ? "-u" : "-t", `sport = :${port}`], {
    encoding: "utf8",
  });
  return out.trim().length > 0;
}

/** Polls `listens` every 50 ms until true; throws after `timeoutMs` or if `child` exits first. */
export async function waitForListen(ns, port, child, { udp = false, timeoutMs = 10_000, what = "service" } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (code ${child.exitCode}, signal ${child.signalCode}) before listening on ${port}`);
    }
    if (listens(ns, port, { udp })) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not listen on ${udp ? "udp" : "tcp"} ${port} within ${timeoutMs} ms`);
}

/**
 * Spawns `cmd args` inside `ns` with stdout and stderr appended to `logPath`; returns
 * { child, stop() } where stop resolves once the process is gone.
 */
export function spawnService(ns, cmd, args, logPath, env = {}) {
  const log = createWriteStream(logPath);
  log.write(`[e2e] ${new Date().toISOString()} ip netns exec ${ns} ${cmd} ${args.join(" ")}\n`);
  const child = spawn("ip", ["netns", "exec", ns, cmd, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const stop = (graceMs = 3000) =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
      child.once("exit", () => {
        clearTimeout(kill);
        log.end(`[e2e] ${new Date().toISOString()} ${cmd} stopped\n`);
        resolve();
      });
      child.kill("SIGTERM");
    });
  return { child, stop };
}
