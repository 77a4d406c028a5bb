import { describe, expect, it } from "vitest";
import { user } from "../testing/fixtures";
import { friendsTitle, orderFriends } from "./friends";

describe("friends online", () => {
  it("puts friends in rooms first, then by name", () => {
    const friends = [
      { user: user(1, "Zed"), room: null },
      { user: user(2, "Bea"), room: { id: "r", title: "T" } },
      { user: user(3, "Al"), room: null },
      { user: user(4, "Cy"), room: { id: "s", title: "U" } },
    ];
    expect(orderFriends(friends).map((f) => f.user.id)).toEqual([2, 4, 3, 1]);
  });

  it("counts in words", () => {
    expect(friendsTitle(0)).toBe("Friends online");
    expect(friendsTitle(1)).toBe("1 friend online");
    expect(friendsTitle(3)).toBe("3 friends online");
  });
});
