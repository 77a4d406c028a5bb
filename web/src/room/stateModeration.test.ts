import { describe, expect, it } from "vitest";
import type { ModLogEntry } from "../gen/ModLogEntry";
import type { PinnedLink } from "../gen/PinnedLink";
import { participant, roomState, user } from "../testing/fixtures";
import { initialRoomView, MAX_LIVE_MODLOG, reduceRoom, type RoomAction, type RoomView } from "./state";

const ROOM = "r1";
const ME = 1;
const base = [participant(2, "moderator"), participant(ME, "audience")];
const link: PinnedLink = { url: "https://a.example", title: "Agenda", by: user(2) };

function fold(msgs: RoomAction[], now = 0, start: RoomView = initialRoomView): RoomView {
  return msgs.reduce((v, m) => reduceRoom(v, m, ROOM, ME, now), start);
}

function entry(id: number, room_id = ROOM): ModLogEntry {
  return { id, room_id, at: "2026-01-01T00:00:00Z", actor: user(2), action: "muted", target: user(3), detail: null };
}

describe("reduceRoom: pinned link", () => {
  it("comes with the snapshot and follows pinned_link_changed", () => {
    expect(fold([roomState(ROOM, base)]).pinnedLink).toBeNull();
    const v = fold([roomState(ROOM, base, { pinned_link: link })]);
    expect(v.pinnedLink).toEqual(link);
    const unpinned = fold([{ type: "pinned_link_changed", room_id: ROOM, link: null }], 0, v);
    expect(unpinned.pinnedLink).toBeNull();
    const repinned = fold([{ type: "pinned_link_changed", room_id: ROOM, link }], 0, unpinned);
    expect(repinned.pinnedLink).toEqual(link);
  });

  it("ignores another room's link", () => {
    const v = fold([roomState(ROOM, base)]);
    expect(reduceRoom(v, { type: "pinned_link_changed", room_id: "other", link }, ROOM, ME)).toBe(v);
  });
});

describe("reduceRoom: live moderation log", () => {
  it("keeps this room's entries newest first, once each, across a reconnect", () => {
    const v = fold([
      roomState(ROOM, base),
      { type: "mod_log_entry", entry: entry(1) },
      { type: "mod_log_entry", entry: entry(2) },
      { type: "mod_log_entry", entry: entry(2) },
      { type: "mod_log_entry", entry: entry(3, "other") },
      roomState(ROOM, base),
    ]);
    expect(v.modLog.map((e) => e.id)).toEqual([2, 1]);
  });

  it("is bounded", () => {
    const msgs: RoomAction[] = [];
    for (let i = 1; i <= MAX_LIVE_MODLOG + 5; i++) msgs.push({ type: "mod_log_entry", entry: entry(i) });
    const v = fold(msgs);
    expect(v.modLog).toHaveLength(MAX_LIVE_MODLOG);
    expect(v.modLog[0]?.id).toBe(MAX_LIVE_MODLOG + 5);
  });
});

describe("reduceRoom: reactions", () => {
  it("floats this room's reactions, coalescing bursts, and prunes them later", () => {
    const loaded = fold([roomState(ROOM, base)]);
    let v = fold(
      [
        { type: "reaction", room_id: ROOM, user_id: 2, reaction: "clap" },
        { type: "reaction", room_id: ROOM, user_id: 2, reaction: "clap" },
        { type: "reaction", room_id: ROOM, user_id: ME, reaction: "fire" },
      ],
      1000,
      loaded,
    );
    expect(v.reactions.map((f) => [f.user_id, f.reaction, f.count])).toEqual([
      [2, "clap", 2],
      [ME, "fire", 1],
    ]);
    expect(reduceRoom(v, { type: "reaction", room_id: "other", user_id: 2, reaction: "clap" }, ROOM, ME, 1000)).toBe(v);
    v = reduceRoom(v, { type: "prune_reactions" }, ROOM, ME, 10_000);
    expect(v.reactions).toEqual([]);
    expect(reduceRoom(v, { type: "prune_reactions" }, ROOM, ME, 20_000)).toBe(v);
  });

  it("clears reactions on a fresh snapshot and ignores them once I am out", () => {
    const v = fold([roomState(ROOM, base), { type: "reaction", room_id: ROOM, user_id: 2, reaction: "heart" }], 0);
    expect(fold([roomState(ROOM, base)], 0, v).reactions).toEqual([]);
    const out = fold([{ type: "left_room", room_id: ROOM, reason: "removed" }], 0, v);
    expect(reduceRoom(out, { type: "reaction", room_id: ROOM, user_id: 2, reaction: "heart" }, ROOM, ME, 0)).toBe(out);
  });
});

describe("reduceRoom: suspension", () => {
  it("marks me gone with reason suspended", () => {
    const v = fold([roomState(ROOM, base), { type: "left_room", room_id: ROOM, reason: "suspended" }]);
    expect(v.gone).toBe("suspended");
  });
});
