import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { detailsCount, REPORT_REASONS, reportErrorText, reportRequest, validateReport } from "./report";

describe("report form", () => {
  it("offers the five reasons", () => {
    expect(REPORT_REASONS).toEqual(["harassment", "hate", "spam", "impersonation", "other"]);
  });

  it("needs a reason, details of at most 1000 characters, and words for 'other'", () => {
    expect(validateReport(null, "")).toMatch(/Choose a reason/);
    expect(validateReport("spam", "")).toBeNull();
    expect(validateReport("harassment", "x".repeat(1000))).toBeNull();
    expect(validateReport("harassment", "😀".repeat(1000))).toBeNull();
    expect(validateReport("harassment", "x".repeat(1001))).toMatch(/at most 1000/);
    expect(validateReport("other", "   ")).toMatch(/Say briefly/);
    expect(validateReport("other", "Plays loud noise")).toBeNull();
  });

  it("builds the request for a member or a room, trimmed", () => {
    expect(reportRequest({ username: "bob" }, "spam", " links ")).toEqual({ username: "bob", reason: "spam", details: "links" });
    expect(reportRequest({ room_id: "r1" }, "hate", "")).toEqual({ room_id: "r1", reason: "hate", details: "" });
  });

  it("explains errors", () => {
    expect(reportErrorText(new ApiError(429, "rate_limited", "slow down"))).toMatch(/try again later/);
    expect(reportErrorText(new ApiError(404, "not_found", "no"))).toMatch(/no longer exists/);
    expect(reportErrorText(new ApiError(400, "validation", "You cannot report yourself."))).toBe("You cannot report yourself.");
    expect(reportErrorText(new Error("boom"))).toBe("boom");
  });

  it("counts characters", () => {
    expect(detailsCount("héllo")).toBe("5 / 1000");
  });
});
