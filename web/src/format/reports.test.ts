import { describe, expect, it } from "vitest";
import type { Report } from "../gen/Report";
import { user } from "../testing/fixtures";
import { actionLabel, confirmText, reasonLabel, statusLabel, targetText, usernameInput } from "./reports";

function report(extra: Partial<Report> = {}): Report {
  return {
    id: 1,
    reporter: user(1, "Ada"),
    target_user: user(2, "Bob"),
    room: null,
    reason: "spam",
    details: "",
    status: "open",
    created_at: "2026-01-01T00:00:00Z",
    resolved_by: null,
    resolved_at: null,
    note: "",
    ...extra,
  };
}

describe("report queue texts", () => {
  it("labels reasons, statuses and actions", () => {
    expect(reasonLabel("impersonation")).toBe("Impersonation");
    expect(statusLabel("warned")).toBe("Warned");
    expect(actionLabel("suspend")).toBe("Suspend");
  });

  it("asks before suspending only", () => {
    expect(confirmText("suspend", report())).toMatch(/^Suspend @u2\?/);
    expect(confirmText("warn", report())).toBeNull();
    expect(confirmText("dismiss", report())).toBeNull();
  });

  it("names the target", () => {
    expect(targetText(report())).toBe("@u2");
    expect(targetText(report({ room: { id: "r1", title: "Jazz" } }))).toBe("@u2 in “Jazz”");
    expect(targetText(report({ target_user: null, room: { id: "r1", title: "Jazz" } }))).toBe("the room “Jazz”");
  });

  it("reads a typed username", () => {
    expect(usernameInput(" @Bob ")).toBe("bob");
    expect(usernameInput("  ")).toBeNull();
  });
});
