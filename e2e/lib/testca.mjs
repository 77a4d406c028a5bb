// A certificate authority made by the test (openssl): its root, a server certificate for the
// given host names signed by it, and an NSS database (what Chromium on Linux trusts, under
// $HOME/.pki/nssdb) in which the root is trusted for TLS servers, so a browser opens the test's
// HTTPS sites with no certificate flag.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Makes the CA and one server certificate for `names` (host names or IP addresses) in `dir`; resolves to { caCert, cert, key } (PEM file
 * paths; `cert` carries the leaf then nothing else — the root is not sent, browsers have it).
 */
export function makeTestCa(dir, names) {
  mkdirSync(dir, { recursive: true });
  const caKey = join(dir, "ca.key");
  const caCert = join(dir, "ca.pem");
  const key = join(dir, "server.key");
  const csr = join(dir, "server.csr");
  const cert = join(dir, "server.pem");
  const ext = join(dir, "server.ext");
  run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", caKey, "-out", caCert, "-days", "2", "-subj", "/CN=Stoa e2e test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  run("openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", csr, "-subj", `/CN=${names[0]}`]);
  writeFileSync(ext, [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=serverAuth",
    `subjectAltName=${names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(",")}`,
  ].join("\n") + "\n");
  run("openssl", ["x509", "-req", "-in", csr, "-CA", caCert, "-CAkey", caKey, "-CAcreateserial",
    "-out", cert, "-days", "2", "-extfile", ext]);
  return { caCert, cert, key };
}

/** Creates `home`/.pki/nssdb trusting `caCert` for TLS servers (what Chromium reads). */
export function trustInNss(home, caCert) {
  const db = join(home, ".pki", "nssdb");
  mkdirSync(db, { recursive: true });
  run("certutil", ["-d", `sql:${db}`, "-N", "--empty-password"]);
  run("certutil", ["-d", `sql:${db}`, "-A", "-t", "C,,", "-n", "stoa-e2e-ca", "-i", caCert]);
  return db;
}
