import { describe, expect, it } from "vitest";
import type { Invite } from "../gen/Invite";
import { user } from "../testing/fixtures";
import { canRevoke, inviteState, quotaExhausted, remainingText } from "./invites";

const open: Invite = { id: 1, created_at: "2025-01-01T00:00:00Z", used_by: null, revoked: false };

describe("invite rows", () => {
  it("describes open, used and revoked invites", () => {
    expect(inviteState(open)).toBe("Not used yet");
    expect(inviteState({ ...open, revoked: true })).toBe("Revoked");
    expect(inviteState({ ...open, used_by: user(4, "Zeno") })).toBe("Used by Zeno (@u4)");
  });

  it("only open invites can be revoked", () => {
    expect(canRevoke(open)).toBe(true);
    expect(canRevoke({ ...open, revoked: true })).toBe(false);
    expect(canRevoke({ ...open, used_by: user(4) })).toBe(false);
  });
});

describe("invite quota", () => {
  it("words the remaining count", () => {
    expect(remainingText(null)).toBe("You can invite as many people as you like.");
    expect(remainingText(1)).toBe("1 invite left.");
    expect(remainingText(0)).toBe("0 invites left.");
    expect(remainingText(3)).toBe("3 invites left.");
  });

  it("is exhausted at zero only (unlimited and loading are not)", () => {
    expect(quotaExhausted(0)).toBe(true);
    expect(quotaExhausted(1)).toBe(false);
    expect(quotaExhausted(null)).toBe(false);
    expect(quotaExhausted(undefined)).toBe(false);
  });
});
