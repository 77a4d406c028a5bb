// Run inside a test namespace (`ip netns exec NS node probe-proxy.mjs BASE_URL USER [INVITE]`):
// proves a reverse proxy in front of Stoa carries plain requests and WebSocket upgrades. It
// loads the web client's page, signs up through the API with the invite (or, without one, signs
// in as USER), opens the signaling WebSocket with the session's bearer token, sends a ping frame
// and waits for the pong. Prints one JSON line: { page, hsts, metrics, auth, upgrade, pong }.
import { randomBytes } from "node:crypto";
import https from "node:https";
import http from "node:http";

const [base, username, invite] = process.argv.slice(2);
const password = "correct horse battery";
const result = {};

const page = await fetch(base);
result.page = page.status;
result.hsts = page.headers.get("strict-transport-security");
// Stoa answers /metrics on its main listener to local scrapers only: through a proxy, refused.
result.metrics = (await fetch(new URL("/metrics", base))).status;
const auth = await fetch(new URL(invite ? "/api/auth/signup" : "/api/auth/login", base), {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(invite ? { invite_code: invite, username, display_name: username, password } : { username, password }),
});
result.auth = auth.status;
const { token } = await auth.json();

const url = new URL("/api/ws", base);
const lib = url.protocol === "https:" ? https : http;
const upgraded = await new Promise((resolve, reject) => {
  const req = lib.request(url, {
    headers: {
      Connection: "Upgrade",
      Upgrade: "websocket",
      "Sec-WebSocket-Version": "13",
      "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
      Authorization: `Bearer ${token}`,
    },
  });
  req.on("upgrade", (res, socket) => resolve({ status: res.statusCode, socket }));
  req.on("response", (res) => resolve({ status: res.statusCode, socket: null }));
  req.on("error", reject);
  req.end();
});
result.upgrade = upgraded.status;
if (upgraded.socket) {
  const socket = upgraded.socket;
  // A masked, empty ping frame (FIN + opcode 9; mask bit, length 0; the 4-byte mask).
  socket.write(Buffer.concat([Buffer.from([0x89, 0x80]), randomBytes(4)]));
  result.pong = await new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => resolve(false), 5000);
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      // Walk the server's (unmasked) frames; a pong is opcode 10.
      while (buf.length >= 2) {
        let len = buf[1] & 0x7f;
        let off = 2;
        if (len === 126) [len, off] = [buf.readUInt16BE(2), 4];
        else if (len === 127) [len, off] = [Number(buf.readBigUInt64BE(2)), 10];
        if (buf.length < off + len) break;
        if ((buf[0] & 0x0f) === 0x0a) {
          clearTimeout(timer);
          return resolve(true);
        }
        buf = buf.subarray(off + len);
      }
    });
  });
  socket.destroy();
}
console.log(JSON.stringify(result));
