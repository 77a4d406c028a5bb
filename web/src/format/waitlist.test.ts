import { describe, expect, it } from "vitest";
import type { WaitlistStatus } from "../gen/WaitlistStatus";
import { user } from "../testing/fixtures";
import { canFinish, entrySeed, heldUntilText, namedText, statusText, waitingCount } from "./waitlist";

const status: WaitlistStatus = {
  username: "newbie",
  display_name: "New Bie",
  named: [user(1, "Alice"), user(2, "Bob")],
  expires_at: "2025-05-31T10:00:00Z",
  waved_in_by: null,
};

describe("waitlist status", () => {
  it("lists the named members", () => {
    expect(namedText([])).toBe("");
    expect(namedText([user(1, "Alice")])).toBe("Alice (@u1)");
    expect(namedText([user(1, "A"), user(2, "B"), user(3, "C")])).toBe("A (@u1), B (@u2), or C (@u3)");
  });

  it("waits until someone waves, then lets the holder finish", () => {
    expect(canFinish(status)).toBe(false);
    expect(statusText(status)).toBe("Waiting for Alice (@u1) or Bob (@u2) to wave you in.");
    const waved = { ...status, waved_in_by: user(2, "Bob") };
    expect(canFinish(waved)).toBe(true);
    expect(statusText(waved)).toMatch(/^Bob \(@u2\) waved you in/);
  });

  it("says until when the name is held", () => {
    expect(heldUntilText(status)).toBe("Your username @newbie is held until May 31, 2025.");
  });

  it("counts only people not yet waved in", () => {
    const e = { id: "a1", username: "x", display_name: "X", requested_at: "", waved_in: false };
    expect(waitingCount([e, { ...e, id: "a2", waved_in: true }, { ...e, id: "a3" }])).toBe(2);
  });

  it("derives a stable avatar seed from an entry's string id", () => {
    expect(entrySeed("k3j5abc")).toBe(entrySeed("k3j5abc"));
    expect(entrySeed("k3j5abc")).not.toBe(entrySeed("k3j5abd"));
    expect(Number.isInteger(entrySeed("zzzzzzzzzzzzzzzzzzzzzzzzzz"))).toBe(true);
  });
});
