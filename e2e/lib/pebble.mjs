// Runs Pebble (Let's Encrypt's test ACME server, Debian package `pebble`) in a test namespace:
// its own listeners (directory and management) on the namespace's loopback with a certificate
// from the test CA, validating TLS-ALPN-01 on `tlsPort` of whatever the namespace's /etc/hosts
// says the name is. `root()` fetches the root it issues under (new on every start) for the
// browsers' NSS databases.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { execIn } from "./netns.mjs";
import { spawnService, waitForListen } from "./services.mjs";

/** Starts pebble in `ns`; resolves to { directory, root(), stop() }. */
export async function startPebble(ns, dir, logPath, { cert, key, caCert, tlsPort = 443 }) {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, "pebble-config.json");
  writeFileSync(config, JSON.stringify({
    pebble: {
      listenAddress: "127.0.0.1:14000",
      managementListenAddress: "127.0.0.1:15000",
      certificate: cert,
      privateKey: key,
      httpPort: 5002,
      tlsPort,
      ocspResponderURL: "",
      externalAccountBindingRequired: false,
    },
  }));
  // No sleeps before validating, no random nonce rejections: a quick, deterministic test.
  const env = { PEBBLE_VA_NOSLEEP: "1", PEBBLE_WFE_NONCEREJECT: "0", PEBBLE_AUTHZREUSE: "0" };
  const svc = spawnService(ns, "pebble", ["-config", config], logPath, env);
  await waitForListen(ns, 14000, svc.child, { what: "pebble" });
  await waitForListen(ns, 15000, svc.child, { what: "pebble management" });
  return {
    directory: "https://127.0.0.1:14000/dir",
    /** Pebble's root certificate (PEM), written to `path`. */
    root(path) {
      const pem = execIn(ns, "curl", ["-sf", "--cacert", caCert, "https://127.0.0.1:15000/roots/0"]);
      writeFileSync(path, pem);
      return path;
    },
    stop: svc.stop,
  };
}
