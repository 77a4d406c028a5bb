import { describe, expect, it } from "vitest";
import { clubChanges, clubRequest, validateClub, type ClubFields } from "./club";

const f: ClubFields = { name: " Rustaceans ", description: " All things Rust ", rules: "Be kind", joinPolicy: "approval" };

describe("club form", () => {
  it("checks the lengths the server enforces", () => {
    expect(validateClub(f)).toBeNull();
    expect(validateClub({ ...f, name: " R " })).toBe("The name is 2 to 50 characters.");
    expect(validateClub({ ...f, name: "x".repeat(51) })).toBe("The name is 2 to 50 characters.");
    expect(validateClub({ ...f, description: "x".repeat(1001) })).toBe("The description is at most 1000 characters.");
    expect(validateClub({ ...f, rules: "x".repeat(2001) })).toBe("The rules are at most 2000 characters.");
  });

  it("builds the create body and the edit changes", () => {
    expect(clubRequest(f)).toEqual({ name: "Rustaceans", description: "All things Rust", rules: "Be kind", join_policy: "approval" });
    const club = { name: "Rustaceans", description: "All things Rust", rules: "Be kind", join_policy: "open" as const };
    expect(clubChanges(club, f)).toEqual({ join_policy: "approval" });
    expect(clubChanges(club, { ...f, joinPolicy: "open", name: "Crabs" })).toEqual({ name: "Crabs" });
  });
});
