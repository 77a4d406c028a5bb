import { describe, expect, it } from "vitest";
import type { ModAction } from "../gen/ModAction";
import type { ModLogEntry } from "../gen/ModLogEntry";
import { user } from "../testing/fixtures";
import { agoText, mergeModLog, modLogLine, modLogText } from "./modlog";

const ada = user(1, "Ada");
const bob = user(2, "Bob");
const cy = user(3, "Cy");
const AT = "2026-01-01T12:00:00Z";
const T0 = Date.parse(AT);

function entry(action: ModAction, extra: Partial<ModLogEntry> = {}): ModLogEntry {
  return { id: 1, room_id: "r1", at: AT, actor: ada, action, target: bob, detail: null, ...extra };
}

describe("mod log texts", () => {
  it("has a sentence for every action", () => {
    const cases: [ModAction, Partial<ModLogEntry>, string][] = [
      ["muted", {}, "Ada muted Bob"],
      ["moved_to_audience", {}, "Ada moved Bob to the audience"],
      ["removed", {}, "Ada removed Bob from the room"],
      ["invited_to_speak", {}, "Ada invited Bob to speak"],
      ["promoted_to_speaker", { actor: bob }, "Bob went on stage"],
      ["made_moderator", {}, "Ada made Bob a moderator"],
      ["host_handed_over", { actor: null, target: cy }, "Server handed the room to Cy (host disconnected)"],
      ["pinned_link", { target: null, detail: "https://a.example" }, "Ada pinned a link: https://a.example"],
      ["unpinned_link", { target: null }, "Ada unpinned the link"],
      ["kind_changed", { target: null, detail: "open" }, "Ada made the room open"],
      ["suspended", {}, "Ada (admin) suspended Bob"],
    ];
    for (const [action, extra, text] of cases) expect(modLogText(entry(action, extra))).toBe(text);
    expect(new Set(cases.map((c) => c[0])).size).toBe(11);
  });

  it("copes with missing people and details", () => {
    expect(modLogText(entry("muted", { actor: null, target: null }))).toBe("Server muted someone");
    expect(modLogText(entry("pinned_link", { detail: null }))).toBe("Ada pinned a link");
    expect(modLogText(entry("kind_changed", { detail: null }))).toBe("Ada changed who may join");
  });

  it("adds how long ago", () => {
    expect(modLogLine(entry("muted"), T0 + 2 * 60_000)).toBe("Ada muted Bob · 2 min. ago");
    expect(agoText(AT, T0 + 10_000)).toBe("just now");
    expect(agoText(AT, T0 - 10_000)).toBe("just now");
    expect(agoText(AT, T0 + 3 * 3600_000)).toBe("3 hr. ago");
    expect(agoText(AT, T0 + 50 * 3600_000)).toBe("2 days ago");
    expect(agoText("nope", T0)).toBe("");
    expect(modLogLine(entry("muted", { at: "nope" }), T0)).toBe("Ada muted Bob");
  });
});

describe("mergeModLog", () => {
  it("merges loaded pages and live entries once each, newest first", () => {
    const a = [entry("muted", { id: 5 }), entry("removed", { id: 3 })];
    const b = [entry("removed", { id: 3 }), entry("invited_to_speak", { id: 4 }), entry("made_moderator", { id: 1 })];
    expect(mergeModLog(a, b).map((e) => e.id)).toEqual([5, 4, 3, 1]);
    expect(mergeModLog([], [])).toEqual([]);
  });
});
