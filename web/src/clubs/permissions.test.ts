import { describe, expect, it } from "vitest";
import type { ClubSummary } from "../gen/ClubSummary";
import type { ClubRole } from "../gen/ClubRole";
import { assignableRoles, canRemove, clubPath, leads, ledClubs, manages, memberCount, membershipButton, roleLabel } from "./permissions";

function club(id: number, role: ClubRole | null): ClubSummary {
  return { id, name: `c${id}`, description: "", icon_url: null, join_policy: "open", member_count: 1, membership: { role, request_pending: false } };
}

describe("club roles", () => {
  it("founder and admins manage; leaders also lead", () => {
    expect(["founder", "admin", "leader", "member", null].map((r) => manages(r as ClubRole | null))).toEqual([true, true, false, false, false]);
    expect(["founder", "admin", "leader", "member", null].map((r) => leads(r as ClubRole | null))).toEqual([true, true, true, false, false]);
    expect(roleLabel("leader")).toBe("Leader");
  });

  it("only the founder names or demotes admins; nobody changes the founder", () => {
    expect(assignableRoles("founder", "member")).toEqual(["admin", "leader", "member"]);
    expect(assignableRoles("founder", "admin")).toEqual(["admin", "leader", "member"]);
    expect(assignableRoles("admin", "member")).toEqual(["leader", "member"]);
    expect(assignableRoles("admin", "leader")).toEqual(["leader", "member"]);
    expect(assignableRoles("admin", "admin")).toEqual([]);
    expect(assignableRoles("founder", "founder")).toEqual([]);
    expect(assignableRoles("leader", "member")).toEqual([]);
    expect(assignableRoles("member", "member")).toEqual([]);
    expect(assignableRoles(null, "member")).toEqual([]);
  });

  it("managers remove members; only the founder removes admins; nobody removes the founder", () => {
    expect(canRemove("admin", "member")).toBe(true);
    expect(canRemove("admin", "leader")).toBe(true);
    expect(canRemove("admin", "admin")).toBe(false);
    expect(canRemove("founder", "admin")).toBe(true);
    expect(canRemove("founder", "founder")).toBe(false);
    expect(canRemove("leader", "member")).toBe(false);
    expect(canRemove(undefined, "member")).toBe(false);
  });
});

describe("membershipButton", () => {
  it("joins, asks, waits or leaves", () => {
    expect(membershipButton({ role: null, request_pending: false }, "open")).toEqual({ action: "join", label: "Join club" });
    expect(membershipButton({ role: null, request_pending: false }, "approval")).toEqual({ action: "join", label: "Ask to join" });
    expect(membershipButton({ role: null, request_pending: true }, "approval")).toEqual({ action: "pending", label: "Request pending" });
    expect(membershipButton({ role: "member", request_pending: false }, "open")).toEqual({ action: "leave", label: "Leave club" });
    expect(membershipButton({ role: "admin", request_pending: false }, "open").action).toBe("leave");
    expect(membershipButton({ role: "founder", request_pending: false }, "open").action).toBe("none");
  });
});

describe("helpers", () => {
  it("lists the clubs one leads and counts members", () => {
    const clubs = [club(1, "member"), club(2, "leader"), club(3, "founder"), club(4, null)];
    expect(ledClubs(clubs).map((c) => c.id)).toEqual([2, 3]);
    expect(memberCount(1)).toBe("1 member");
    expect(memberCount(5)).toBe("5 members");
    expect(clubPath(4)).toBe("/clubs/4");
  });
});
