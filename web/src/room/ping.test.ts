import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { user } from "../testing/fixtures";
import { pingCandidates, pingErrorText, pingSentText } from "./ping";

describe("ping texts", () => {
  const bo = user(2, "Bo");
  it("explains each refusal", () => {
    expect(pingErrorText(new ApiError(429, "rate_limited", "x"), bo)).toMatch(/too often/);
    expect(pingErrorText(new ApiError(403, "blocked", "x"), bo)).toBe("You can't ping Bo.");
    expect(pingErrorText(new ApiError(403, "forbidden", "x"), bo)).toMatch(/moderators and speakers/);
    expect(pingErrorText(new ApiError(404, "not_found", "x"), bo)).toMatch(/can't be found/);
    expect(pingErrorText(new ApiError(409, "not_in_room", "x"), bo)).toMatch(/need to be in the room/);
    expect(pingErrorText(new ApiError(422, "validation", "server says"), bo)).toBe("server says");
    expect(pingErrorText(new Error("boom"), bo)).toBe("boom");
  });

  it("confirms a sent ping", () => {
    expect(pingSentText(bo)).toMatch(/^Pinged Bo\./);
  });
});

describe("pingCandidates", () => {
  it("leaves out me and who is already in the room", () => {
    const found = [user(1), user(2), user(3), user(4)];
    expect(pingCandidates(found, new Set([3]), 1).map((u) => u.id)).toEqual([2, 4]);
  });
});
