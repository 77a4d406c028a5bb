import { describe, expect, it } from "vitest";
import { participant, user } from "../testing/fixtures";
import { handOverText, reconnectingText } from "./roomNotices";

describe("reconnectingText", () => {
  it("names the moderators whose connection is down", () => {
    const ada = participant(1, "moderator", { user: user(1, "Ada"), connected: false });
    const bo = participant(2, "moderator", { user: user(2, "Bo"), connected: false });
    const cy = participant(3, "moderator", { user: user(3, "Cy"), connected: false });
    const me = 9;
    expect(reconnectingText([ada, participant(me, "audience")], me)).toBe("Ada is reconnecting…");
    expect(reconnectingText([ada, bo], me)).toBe("Ada and Bo are reconnecting…");
    expect(reconnectingText([ada, bo, cy], me)).toBe("Ada, Bo, and Cy are reconnecting…");
  });

  it("says nothing while moderators are connected, of others, or of me", () => {
    const speakerAway = participant(2, "speaker", { connected: false });
    expect(reconnectingText([participant(1, "moderator"), speakerAway], 9)).toBeNull();
    expect(reconnectingText([participant(1, "moderator", { connected: false })], 1)).toBeNull();
  });
});

describe("handOverText", () => {
  it("tells the new moderator, and the room who it is", () => {
    expect(handOverText(user(2, "Bo"), 2)).toBe("You're now a moderator: the host did not come back.");
    expect(handOverText(user(2, "Bo"), 3)).toBe("Bo is now the moderator.");
  });
});
