// Starts `stoa serve` on loopback ports (ephemeral by default, or given ones for a restart) in a
// data dir and reads its startup lines; stops it with SIGTERM and reports how it exited. With
// `netns` it runs inside that network namespace (`ip netns exec`, which execs the binary, so
// the child's pid is the server's).
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

const repo = new URL("../..", import.meta.url).pathname;

/** The binary under test: $STOA_BIN or target/debug/stoa. */
export function stoaBin() {
  return process.env.STOA_BIN ?? join(repo, "target/debug/stoa");
}

/**
 * Spawns the server; resolves to { url, plain?, http, media, invite, pid, stop() } once it printed its
 * HTTP URL, its media address and (when `expectInvite`, i.e. on an empty database) its bootstrap
 * invite. `http` and `media` are host:port to bind ("127.0.0.1:0" by default); the returned
 * `http` is the bound host:port. Output goes to `logPath` (appended to when `appendLog`).
 * `stop()` resolves to { code, signal, killed, ms } (see `stopChild`).
 */
export function startServer(dataDir, logPath, opts = {}) {
  const { http = "127.0.0.1:0", media = "127.0.0.1:0", expectInvite = true, appendLog = false } = opts;
  const { netns = null, extraArgs = [] } = opts;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const bin = stoaBin();
  if (!existsSync(bin)) throw new Error(`stoa binary not found at ${bin} (build it or set STOA_BIN)`);
  const log = createWriteStream(logPath, { flags: appendLog ? "a" : "w" });
  const args = ["serve", "--data-dir", dataDir, "--http", http, "--media", media, ...extraArgs];
  const [cmd, argv] = netns ? ["ip", ["netns", "exec", netns, bin, ...args]] : [bin, args];
  log.write(`[e2e] ${new Date().toISOString()} starting ${[cmd, ...argv].join(" ")}\n`);
  const child = spawn(cmd, argv, {
    stdio: ["ignore", "pipe", "pipe"],
    // The binary reads its log filter from STOA_LOG (default "info,sqlx=warn"); no colours in the file.
    env: { ...process.env, NO_COLOR: "1" },
  });
  child.stderr.pipe(log, { end: false });
  const stop = () => stopChild(child, log);
  return new Promise((resolve, reject) => {
    const found = {};
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`server did not print its startup lines within ${timeoutMs} ms (see ${logPath})`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}; see ${logPath})`));
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      log.write(`[stdout] ${line}\n`);
      let m;
      if ((m = line.match(/^stoa: listening on (https?:\/\/\S+)/))) found.url = m[1];
      else if ((m = line.match(/^stoa: also plain (http:\/\/\S+)/))) found.plain = m[1];
      else if ((m = line.match(/^stoa: media on udp (\S+)/))) found.media = m[1];
      else if ((m = line.match(/^stoa: bootstrap invite: (\S+)/))) found.invite = m[1];
      if (found.url && found.media && (found.invite || !expectInvite)) {
        clearTimeout(timer);
        // `http`: the plain listener's host:port (beside HTTPS, the one a reverse proxy uses).
        resolve({ ...found, http: new URL(found.plain ?? found.url).host, pid: child.pid, stop });
      }
    });
  });
}

/**
 * SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone to
 * { code, signal, killed (SIGKILL was needed), ms (from SIGTERM to exit) }.
 */
function stopChild(child, log, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode, killed: false, ms: 0 });
  }
  return new Promise((resolve) => {
    const t0 = Date.now();
    let killed = false;
    const kill = setTimeout(() => {
      killed = true;
      log.write(`[e2e] no exit ${graceMs} ms after SIGTERM: SIGKILL\n`);
      child.kill("SIGKILL");
    }, graceMs);
    child.once("exit", (code, signal) => {
      clearTimeout(kill);
      const ms = Date.now() - t0;
      log.write(`[e2e] ${new Date().toISOString()} exited (code ${code}, signal ${signal}) ${ms} ms after SIGTERM\n`);
      resolve({ code, signal, killed, ms });
    });
    child.kill("SIGTERM");
  });
}
