// Runs deploy/nginx.conf — the file operators install — in a test namespace: the host name,
// certificate paths, HTTPS port and Stoa's address substituted, the port-80 redirect server
// left out (the test has no use for it), inside a minimal main config whose pid file, logs and
// temp directories live in the test's temp dir.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnService, waitForListen } from "./services.mjs";

const deployConf = new URL("../../deploy/nginx.conf", import.meta.url).pathname;

/** deploy/nginx.conf with the test's values in place of the example ones. */
export function nginxSite({ name, cert, key, port, upstream }) {
  const text = readFileSync(deployConf, "utf8");
  // Drop the plain-HTTP server: from its comment to the next top-level `server {`.
  const site = text
    .replace(/# Plain HTTP:[\s\S]*?\n}\n\n(?=server \{)/, "")
    .replaceAll("stoa.example.org", name)
    .replace("server 127.0.0.1:8080;", `server ${upstream};`)
    .replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${cert};`)
    .replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${key};`)
    .replace("listen 443 ssl http2;", `listen ${port} ssl http2;`)
    .replace("listen [::]:443 ssl http2;", "");
  if (!site.includes(`listen ${port} ssl`) || site.includes("letsencrypt") || site.includes("server 127.0.0.1:8080;")) {
    throw new Error("deploy/nginx.conf changed shape: update e2e/lib/nginx.mjs's substitutions");
  }
  return site;
}

/** Starts nginx in `ns` serving `site` options (see nginxSite); resolves to { stop() }. */
export async function startNginx(ns, dir, logPath, opts) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "stoa-site.conf"), nginxSite(opts));
  const main = `
user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/stoa-site.conf;
}
`;
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, main);
  const svc = spawnService(ns, "nginx", ["-p", dir, "-c", conf, "-g", "daemon off;"], logPath);
  await waitForListen(ns, opts.port, svc.child, { what: "nginx" });
  return { stop: svc.stop, dir };
}
