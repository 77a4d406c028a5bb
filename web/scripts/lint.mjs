// A small, dependency-free lint for src/ (generated src/gen/ is skipped):
// files stay under 300 lines; no `any`, no ts-ignore, no console.log, no non-null `!.` chains.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("../src", import.meta.url).pathname;
const MAX_LINES = 300;
const RULES = [
  [/:\s*any\b|\bas any\b|<any>/, "avoid `any`"],
  [/@ts-ignore|@ts-nocheck/, "no ts-ignore"],
  [/console\.log\(/, "no console.log"],
  [/\w!\./, "no non-null assertion chains"],
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "gen") yield* files(path);
    } else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

let problems = 0;
for (const path of files(root)) {
  const rel = relative(root, path);
  const lines = readFileSync(path, "utf8").split("\n");
  if (lines.length > MAX_LINES) {
    console.error(`${rel}: ${lines.length} lines (max ${MAX_LINES})`);
    problems++;
  }
  lines.forEach((line, i) => {
    for (const [re, why] of RULES) {
      if (re.test(line)) {
        console.error(`${rel}:${i + 1}: ${why}`);
        problems++;
      }
    }
  });
}
if (problems > 0) {
  console.error(`lint: ${problems} problem(s)`);
  process.exit(1);
}
console.log("lint: ok");
