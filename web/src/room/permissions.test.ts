import { describe, expect, it } from "vitest";
import { participant } from "../testing/fixtures";
import { canReport, canPin, canReact, canSeeModLog } from "./permissions";

describe("who gets which moderation control", () => {
  it("pin controls and the log panel: moderators only", () => {
    expect(canPin(participant(1, "moderator"))).toBe(true);
    expect(canPin(participant(1, "speaker"))).toBe(false);
    expect(canPin(participant(1, "audience"))).toBe(false);
    expect(canPin(undefined)).toBe(false);
    expect(canSeeModLog(participant(1, "moderator"))).toBe(true);
    expect(canSeeModLog(participant(1, "speaker"))).toBe(false);
    expect(canSeeModLog(participant(1, "audience"))).toBe(false);
    expect(canSeeModLog(undefined)).toBe(false);
  });

  it("reactions: anyone in the room", () => {
    expect(canReact(participant(1, "audience"))).toBe(true);
    expect(canReact(participant(1, "moderator"))).toBe(true);
    expect(canReact(undefined)).toBe(false);
  });

  it("report from a profile card: anyone but myself", () => {
    expect(canReport(participant(2, "speaker"), 1)).toBe(true);
    expect(canReport(participant(1, "audience"), 1)).toBe(false);
  });
});
