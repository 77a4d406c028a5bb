import { describe, expect, it } from "vitest";
import type { RoomSummary } from "../gen/RoomSummary";
import { user } from "../testing/fixtures";
import { listenerLabel, liveRooms, stageNames } from "./hallway";

function room(id: string, extra: Partial<RoomSummary> = {}): RoomSummary {
  return { id, title: id, kind: "open", stage: [], listener_count: 0, ended: false, club: null, members_only: false, reason: null, ...extra };
}

describe("hallway", () => {
  it("lists live rooms in server order and drops ended ones", () => {
    const rooms = [room("a"), room("b", { ended: true }), room("c")];
    expect(liveRooms(rooms)?.map((r) => r.id)).toEqual(["a", "c"]);
    expect(liveRooms(null)).toBeNull();
    expect(liveRooms([])).toEqual([]);
  });

  it("names who is on stage", () => {
    expect(stageNames(room("a"))).toBe("Nobody on stage");
    expect(stageNames(room("a", { stage: [user(1, "Ada"), user(2, "Grace")] }))).toBe("Ada, Grace");
  });

  it("counts listeners in words", () => {
    expect(listenerLabel(0)).toBe("0 listeners");
    expect(listenerLabel(1)).toBe("1 listener");
    expect(listenerLabel(12)).toBe("12 listeners");
  });
});
