import { describe, expect, it } from "vitest";
import type { Reaction } from "../gen/Reaction";
import {
  addFloating,
  floatingFor,
  floatingCount,
  fullBucket,
  pruneFloating,
  REACTIONS,
  reactedRecently,
  reactLabel,
  noteReactionSent,
  takeToken,
  type Floating,
  type StreamOptions,
} from "./reactions";

const OPTS: StreamOptions = { ttl: 2500, coalesce: 1500, max: 4 };

describe("reaction buttons", () => {
  it("lists the six reactions in the server's order with stable names", () => {
    expect(REACTIONS).toEqual(["clap", "laugh", "heart", "fire", "thinking", "hundred"]);
    expect(reactLabel("clap")).toBe("React clap");
  });
});

describe("client-side reaction limit", () => {
  it("allows a burst of five, then one per second", () => {
    let b = fullBucket(0);
    for (let i = 0; i < 5; i++) {
      const step = takeToken(b, 0);
      expect(step.ok).toBe(true);
      b = step.bucket;
    }
    const over = takeToken(b, 100);
    expect(over.ok).toBe(false);
    const later = takeToken(over.bucket, 1100);
    expect(later.ok).toBe(true);
    expect(takeToken(later.bucket, 1200).ok).toBe(false);
  });

  it("refills up to the burst only", () => {
    const b = takeToken(fullBucket(0), 0).bucket;
    const { bucket } = takeToken(b, 60_000);
    expect(bucket.tokens).toBe(4);
  });

  it("knows when a rate_limited answer follows my own reaction", () => {
    noteReactionSent(10_000);
    expect(reactedRecently(11_000)).toBe(true);
    expect(reactedRecently(20_000)).toBe(false);
  });
});

describe("floating reaction stream", () => {
  const add = (list: Floating[], user: number, r: Reaction, at: number) => addFloating(list, user, r, at, OPTS);

  it("coalesces a burst of the same reaction from the same person", () => {
    let list: Floating[] = [];
    list = add(list, 1, "clap", 0);
    list = add(list, 1, "clap", 400);
    list = add(list, 1, "clap", 800);
    expect(list).toHaveLength(1);
    expect(list[0]?.count).toBe(3);
    expect(list[0]?.at).toBe(800);
    expect(floatingCount(list[0] as Floating)).toBe("×3");
  });

  it("keeps different people and different reactions apart", () => {
    let list: Floating[] = [];
    list = add(list, 1, "clap", 0);
    list = add(list, 2, "clap", 10);
    list = add(list, 1, "fire", 20);
    expect(list.map((f) => [f.user_id, f.reaction, f.count])).toEqual([
      [1, "clap", 1],
      [2, "clap", 1],
      [1, "fire", 1],
    ]);
    expect(floatingFor(list, 1).map((f) => f.reaction)).toEqual(["clap", "fire"]);
    expect(floatingCount(list[0] as Floating)).toBe("");
  });

  it("starts a new float once the coalescing window passed", () => {
    let list: Floating[] = [];
    list = add(list, 1, "heart", 0);
    list = add(list, 1, "heart", 2000);
    expect(list.map((f) => f.count)).toEqual([1, 1]);
    expect(new Set(list.map((f) => f.key)).size).toBe(2);
  });

  it("bounds how many float at once, dropping the oldest", () => {
    let list: Floating[] = [];
    for (let u = 1; u <= 6; u++) list = add(list, u, "laugh", u);
    expect(list.map((f) => f.user_id)).toEqual([3, 4, 5, 6]);
  });

  it("drops reactions after their time", () => {
    let list: Floating[] = [];
    list = add(list, 1, "clap", 0);
    list = add(list, 2, "clap", 2000);
    expect(pruneFloating(list, 2600, OPTS).map((f) => f.user_id)).toEqual([2]);
    expect(pruneFloating(list, 1000, OPTS)).toBe(list);
    expect(add(list, 3, "fire", 5000).map((f) => f.user_id)).toEqual([3]);
  });
});
