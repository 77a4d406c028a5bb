import { describe, expect, it } from "vitest";
import { Backoff, MAX_BACKOFF_MS, MIN_BACKOFF_MS } from "./backoff";

describe("Backoff", () => {
  it("doubles from 0.5 s and caps at 5 s", () => {
    const b = new Backoff();
    const delays = Array.from({ length: 7 }, () => b.next());
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(MIN_BACKOFF_MS).toBe(500);
    expect(MAX_BACKOFF_MS).toBe(5000);
  });

  it("starts over after a reset", () => {
    const b = new Backoff();
    b.next();
    b.next();
    b.next();
    b.reset();
    expect([b.next(), b.next()]).toEqual([500, 1000]);
  });
});
