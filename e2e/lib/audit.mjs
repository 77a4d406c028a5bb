// Page audits the layout and keyboard tests share: "nothing is wider than the viewport" (with the
// elements that stick out named, for the failure message), "this element is on screen", an
// axe-core accessibility audit (axe.min.js injected from node_modules, no network), and moving
// inside the single-page app without a reload (so the room session stays up).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Goes to `path` inside the app (history API, as its own links do): no reload. */
export async function goInApp(page, path) {
  await page.evaluate((p) => {
    history.pushState(null, "", p);
    window.dispatchEvent(new Event("stoa:navigate"));
  }, path);
}

/**
 * Asserts the document does not scroll sideways: `scrollWidth <= innerWidth`, and not even by
 * the width of a classic scrollbar (`scrollWidth <= clientWidth`: headless Chromium's vertical
 * scrollbar takes 15 px that a phone's overlay scrollbar does not). The message names up to six
 * elements whose box sticks out. Also asserts no link, button or field is cut by the edge of the
 * viewport (a fixed bar wider than the screen does not make the page scroll, but cuts them).
 */
export async function assertFits(page, label) {
  const r = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    // Controls cut by the edge of the screen (fixed bars do not make the page scroll), unless
    // they sit in something that scrolls or clips on purpose (a strip that scrolls sideways).
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true;
      }
      return false;
    };
    const cut = [];
    for (const el of document.querySelectorAll("a[href], button, input, select, textarea")) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0 || clipped(el)) continue;
      if (b.right > w + 0.5 || b.left < -0.5) cut.push(`${el.tagName.toLowerCase()}[${el.getAttribute("data-testid") ?? el.textContent?.trim().slice(0, 20)}] ${Math.round(b.left)}..${Math.round(b.right)}`);
    }
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      if (b.right > w + 0.5 || b.left < -0.5) {
        const id = el.getAttribute("data-testid");
        const cls = typeof el.className === "string" && el.className ? `.${el.className.split(" ").join(".")}` : "";
        out.push(`${el.tagName.toLowerCase()}${cls}${id ? `[${id}]` : ""} ${Math.round(b.left)}..${Math.round(b.right)}`);
      }
    }
    return { w, inner: window.innerWidth, sw: document.documentElement.scrollWidth, out: out.slice(0, 6), cut };
  });
  assert.ok(r.sw <= r.inner && r.sw <= r.w, `${label}: the page is ${r.sw} px wide in a ${r.w} px wide viewport (${r.out.join("; ")})`);
  assert.ok(r.cut.length === 0, `${label}: controls cut by the edge of the ${r.w} px viewport: ${r.cut.slice(0, 6).join("; ")}`);
  return r;
}

/** Asserts the element is visible and entirely inside the viewport horizontally. */
export async function assertOnScreen(page, locator, label) {
  const box = await locator.boundingBox();
  assert.ok(box, `${label}: not rendered`);
  const w = await page.evaluate(() => document.documentElement.clientWidth);
  assert.ok(box.x >= 0 && box.x + box.width <= w + 0.5, `${label}: at ${Math.round(box.x)}..${Math.round(box.x + box.width)} in a ${w} px viewport`);
  return box;
}

/**
 * Runs axe-core on the page (injected once per document as an inline script: the page's context
 * needs `bypassCSP: true`, Stoa's CSP allows only its own scripts); resolves to { counts, serious } where
 * `counts` maps impact → number of violations and `serious` lists the serious and critical ones
 * (`id: target, …`).
 */
export async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const violations = await page.evaluate(async () => {
    // Colours are checked once the entrance animations (fading in) are over.
    await Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null)));
    const res = await window.axe.run(document, { resultTypes: ["violations"] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 4).map((n) => n.target.join(" ")) }));
  });
  const counts = {};
  for (const v of violations) counts[v.impact] = (counts[v.impact] ?? 0) + 1;
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.targets.join(", ")}`);
  return { counts, serious, ids: [...new Set(violations.map((v) => `${v.id} (${v.impact})`))] };
}

/** `runAxe`, asserting no serious or critical violation; returns the result. */
export async function assertAxe(page, label) {
  const r = await runAxe(page);
  assert.deepEqual(r.serious, [], `${label}: axe found serious or critical violations`);
  return r;
}
