// Starts `stoa serve` on ephemeral loopback ports in a temp data dir and reads its startup lines.
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
 * Spawns the server; resolves to { url, media, invite, stop() } once it printed its HTTP URL,
 * media address and bootstrap invite. Output goes to `logPath`.
 */
export function startServer(dataDir, logPath, timeoutMs = 20_000) {
  const bin = stoaBin();
  if (!existsSync(bin)) throw new Error(`stoa binary not found at ${bin} (build it or set STOA_BIN)`);
  const child = spawn(bin, ["serve", "--data-dir", dataDir, "--http", "127.0.0.1:0", "--media", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "info" },
  });
  const log = createWriteStream(logPath);
  child.stderr.pipe(log);
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    const found = {};
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`server did not print its startup lines within ${timeoutMs} ms (see ${logPath})`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited early with ${code} (see ${logPath})`));
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      log.write(`[stdout] ${line}\n`);
      let m;
      if ((m = line.match(/^stoa: listening on (http:\/\/\S+)/))) found.url = m[1];
      else if ((m = line.match(/^stoa: media on udp (\S+)/))) found.media = m[1];
      else if ((m = line.match(/^stoa: bootstrap invite: (\S+)/))) found.invite = m[1];
      if (found.url && found.media && found.invite) {
        clearTimeout(timer);
        resolve({ ...found, stop });
      }
    });
  });
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
