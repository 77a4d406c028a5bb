// Which of the issue-14 flags the binary under test has (read from `stoa serve --help`), so the
// network tests use Stoa's own HTTPS, TURN credentials and /metrics as soon as they exist.
import { execFileSync } from "node:child_process";
import { stoaBin } from "./server.mjs";

/** { https, acme, turn, metrics }: booleans. */
export function stoaFeatures() {
  const help = execFileSync(stoaBin(), ["serve", "--help"], { encoding: "utf8" });
  return {
    https: /--https\b/.test(help) && /--tls-cert\b/.test(help),
    acme: /--acme-domain\b/.test(help) && /--acme-ca-root\b/.test(help),
    turn: /--turn-url\b/.test(help) && /--turn-secret\b/.test(help),
    metrics: /--metrics\b/.test(help),
  };
}
