// Runs coturn (Debian's `turnserver`) in a test namespace with the shared-secret scheme Stoa's
// --turn-secret speaks (`use-auth-secret` + `static-auth-secret`): plain TURN over UDP and TCP
// on one port, relays allocated on `relayIp`, and relaying allowed to exactly the `peers` given
// (Stoa's media addresses; coturn refuses loopback peers by default, and an explicit allow list
// also survives a distribution's stricter denied-peer-ip defaults). No TLS, no CLI, no
// database, pid file and log under the test's temp dir.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { spawnService, waitForListen } from "./services.mjs";

/** Starts turnserver in `ns`; resolves to { stop() }. */
export async function startCoturn(ns, dir, logPath, { listen, port = 3478, relayIp, peers, secret, realm }) {
  mkdirSync(dir, { recursive: true });
  const args = [
    "-n", // no configuration file
    ...listen.flatMap((ip) => ["--listening-ip", ip]),
    "--listening-port", String(port),
    "--relay-ip", relayIp,
    "--min-port", "49160",
    "--max-port", "49260",
    "--use-auth-secret",
    "--static-auth-secret", secret,
    "--realm", realm,
    ...peers.flatMap((ip) => ["--allowed-peer-ip", ip]),
    "--no-tls",
    "--no-dtls",
    "--no-cli",
    "--no-rfc5780",
    "--no-stun-backward-compatibility",
    "--fingerprint",
    "--pidfile", join(dir, "turnserver.pid"),
    "--userdb", join(dir, "turndb"),
    "--log-file", "stdout",
    "--simple-log",
    "--verbose",
  ];
  const svc = spawnService(ns, "turnserver", args, logPath);
  await waitForListen(ns, port, svc.child, { what: "turnserver" });
  await waitForListen(ns, port, svc.child, { what: "turnserver", udp: true });
  return { stop: svc.stop };
}
