// Runs deploy/Caddyfile — the file operators install — in a test namespace: the site address
// becomes the test's host name and port with the test CA's certificate (`tls CERT KEY`), the
// upstream Stoa's address; Caddy's data and config directories live in the test's temp dir.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnService, waitForListen } from "./services.mjs";

/** deploy/Caddyfile's path. */
export const deployCaddyfile = new URL("../../deploy/Caddyfile", import.meta.url).pathname;

/** deploy/Caddyfile with the test's values in place of the example ones. */
export function caddySite({ name, port, cert, key, upstream }) {
  const text = readFileSync(deployCaddyfile, "utf8");
  const site = text
    .replace("stoa.example.org {", `${name}:${port} {\n\ttls ${cert} ${key}`)
    .replace("reverse_proxy 127.0.0.1:8080", `reverse_proxy ${upstream}`);
  if (!site.includes(`tls ${cert}`) || !site.includes(`reverse_proxy ${upstream}`)) {
    throw new Error("deploy/Caddyfile changed shape: update e2e/lib/caddy.mjs's substitutions");
  }
  // No admin endpoint in the test: nothing else listens, nothing to clash with.
  return `{\n\tadmin off\n}\n\n${site}`;
}

/** The environment that keeps Caddy's state under `dir`. */
export function caddyEnv(dir) {
  return { HOME: dir, XDG_DATA_HOME: join(dir, "data"), XDG_CONFIG_HOME: join(dir, "config") };
}

/** `caddy validate` on a Caddyfile; returns its output, throws if it is not valid. */
export function caddyValidate(path, dir) {
  mkdirSync(dir, { recursive: true });
  return execFileSync("caddy", ["validate", "--adapter", "caddyfile", "--config", path], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...caddyEnv(dir) },
  });
}

/** Starts caddy in `ns` with caddySite(opts); resolves to { stop() }. */
export async function startCaddy(ns, dir, logPath, opts) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "Caddyfile");
  writeFileSync(file, caddySite(opts));
  caddyValidate(file, dir);
  const svc = spawnService(ns, "caddy", ["run", "--adapter", "caddyfile", "--config", file], logPath, caddyEnv(dir));
  await waitForListen(ns, opts.port, svc.child, { what: "caddy" });
  return { stop: svc.stop };
}
