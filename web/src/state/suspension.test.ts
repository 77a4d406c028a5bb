import { describe, expect, it } from "vitest";
import { isSuspension, onSuspendedNotice, setSuspendedNotice, suspendedNotice } from "./suspension";

describe("suspension", () => {
  it("recognises the server saying the account is suspended", () => {
    expect(isSuspension({ type: "error", code: "suspended", message: "x" })).toBe(true);
    expect(isSuspension({ type: "left_room", room_id: "r1", reason: "suspended" })).toBe(true);
    expect(isSuspension({ type: "left_room", room_id: "r1", reason: "removed" })).toBe(false);
    expect(isSuspension({ type: "error", code: "forbidden", message: "x" })).toBe(false);
    expect(isSuspension({ type: "replaced" })).toBe(false);
  });

  it("keeps the notice until cleared and tells subscribers", () => {
    let calls = 0;
    const off = onSuspendedNotice(() => calls++);
    setSuspendedNotice(true);
    setSuspendedNotice(true);
    expect(suspendedNotice()).toBe(true);
    setSuspendedNotice(false);
    expect(suspendedNotice()).toBe(false);
    expect(calls).toBe(2);
    off();
  });
});
