import { describe, expect, it } from "vitest";
import type { RoomSummary } from "../gen/RoomSummary";
import { user } from "../testing/fixtures";
import { i18n } from "../i18n";
import { listenerLabel, liveRooms, reasonText, stageNames } from "./hallway";

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

describe("reasonText", () => {
  const reason = (extra: Partial<NonNullable<RoomSummary["reason"]>> = {}) => ({ followed_on_stage: [], followed_in_audience: 0, in_club: null, text: "", ...extra });
  const r = room("r", { stage: [user(1, "Ada")], listener_count: 3 });

  it("says who I follow is on stage and listening, else the club, else the size", () => {
    expect(reasonText(reason({ followed_on_stage: [user(1, "Ada")] }), r)).toBe("Ada is on stage");
    expect(reasonText(reason({ followed_on_stage: [user(1, "Ada"), user(2, "Bo")], followed_in_audience: 2 }), r)).toBe("Ada and Bo are on stage; 2 people you follow are listening");
    expect(reasonText(reason({ in_club: { id: 1, name: "Rustaceans" } }), r)).toBe("Live in Rustaceans, a club you're in");
    expect(reasonText(reason(), r)).toBe("4 people in the room");
    expect(reasonText(reason(), room("q", { stage: [user(1, "Ada")] }))).toBe("Just started");
  });

  it("says it in Romanian", async () => {
    await i18n.changeLanguage("ro");
    try {
      expect(reasonText(reason({ followed_on_stage: [user(1, "Ada")], followed_in_audience: 1 }), r)).toBe("Ada e pe scenă; 1 persoană pe care o urmărești ascultă");
      expect(reasonText(reason(), room("q", { stage: [user(1, "Ada")], listener_count: 19 }))).toBe("20 de persoane în cameră");
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});
