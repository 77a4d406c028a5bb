import { describe, expect, it } from "vitest";
import { participant, user } from "../testing/fixtures";
import { blockedPresent, blockedWarning } from "./blocks";

describe("blocked members in the room", () => {
  it("finds the blocked participants in room order", () => {
    const people = [participant(1, "moderator"), participant(2, "audience"), participant(3, "speaker")];
    expect(blockedPresent(people, [user(3), user(9), user(1)]).map((u) => u.id)).toEqual([1, 3]);
    expect(blockedPresent(people, [])).toEqual([]);
  });

  it("words the warning for one or several", () => {
    expect(blockedWarning([])).toBe("");
    expect(blockedWarning([user(1, "Bo")])).toBe("Bo, whom you blocked, is in this room.");
    expect(blockedWarning([user(1, "Bo"), user(2, "Cy"), user(3, "Di")])).toBe("Bo, Cy, and Di, whom you blocked, are in this room.");
  });
});
