import { describe, expect, it } from "vitest";
import { PAN_SPREAD, slotPans, stagePan } from "./pan";

describe("stagePan", () => {
  it("centres a lone speaker", () => {
    expect(stagePan(0, 1)).toBe(0);
  });

  it("puts the first of two speakers left and the second right", () => {
    expect(stagePan(0, 2)).toBeCloseTo(-PAN_SPREAD);
    expect(stagePan(1, 2)).toBeCloseTo(PAN_SPREAD);
  });

  it("spreads a row evenly from left to right", () => {
    expect([0, 1, 2, 3, 4].map((i) => stagePan(i, 5))).toEqual([-0.6, -0.3, 0, 0.3, 0.6].map((v) => expect.closeTo(v, 9)));
  });

  it("pans by column when the stage wraps into rows", () => {
    // 6 speakers in rows of 4: the fifth sits under the first, the sixth under the second.
    expect(stagePan(4, 6, 4)).toBeCloseTo(stagePan(0, 6, 4));
    expect(stagePan(5, 6, 4)).toBeCloseTo(stagePan(1, 6, 4));
    expect(stagePan(3, 6, 4)).toBeCloseTo(PAN_SPREAD);
  });

  it("spreads over the columns in use when the stage is narrower than the grid", () => {
    expect(stagePan(1, 2, 6)).toBeCloseTo(PAN_SPREAD);
  });

  it("centres a one-column grid and places nobody it cannot find", () => {
    expect(stagePan(2, 3, 1)).toBe(0);
    expect(stagePan(-1, 3)).toBe(0);
    expect(stagePan(3, 3)).toBe(0);
  });

  it("stays within the spread", () => {
    for (let n = 1; n <= 12; n++)
      for (let c = 1; c <= 8; c++)
        for (let i = 0; i < n; i++) expect(Math.abs(stagePan(i, n, c))).toBeLessThanOrEqual(PAN_SPREAD + 1e-9);
  });
});

describe("slotPans", () => {
  const stage = [1, 2, 3];

  it("pans each slot by the stage place of the speaker holding it", () => {
    expect(slotPans({ slots: [3, 1, null], stage, enabled: true })).toEqual([
      expect.closeTo(PAN_SPREAD, 9),
      expect.closeTo(-PAN_SPREAD, 9),
      0,
    ]);
  });

  it("follows a slot changing hands", () => {
    const before = slotPans({ slots: [1, 2, null], stage: [1, 2], enabled: true });
    const after = slotPans({ slots: [2, 1, null], stage: [1, 2], enabled: true });
    expect(before[0]).toBeLessThan(0);
    expect(after[0]).toBeGreaterThan(0);
    expect(after[1]).toBeLessThan(0);
  });

  it("follows the stage changing: a new speaker shifts the others", () => {
    expect(slotPans({ slots: [2, null, null], stage: [1, 2], enabled: true })[0]).toBeCloseTo(PAN_SPREAD);
    expect(slotPans({ slots: [2, null, null], stage: [1, 2, 3], enabled: true })[0]).toBeCloseTo(0);
  });

  it("centres a holder who is no longer on stage", () => {
    expect(slotPans({ slots: [9, 1, null], stage: [1, 2], enabled: true })).toEqual([0, expect.closeTo(-PAN_SPREAD, 9), 0]);
  });

  it("centres everything when spatial audio is off", () => {
    expect(slotPans({ slots: [1, 2, 3], stage, enabled: false })).toEqual([0, 0, 0]);
  });

  it("uses the grid's columns", () => {
    // Rows of 2: speaker 3 sits under speaker 1 on the left.
    expect(slotPans({ slots: [3, null, null], stage, columns: 2, enabled: true })[0]).toBeCloseTo(-PAN_SPREAD);
  });
});
