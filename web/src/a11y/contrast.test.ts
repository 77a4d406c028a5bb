import { describe, expect, it } from "vitest";
import { contrastRatio, luminance } from "./contrast";

describe("contrastRatio", () => {
  it("is 21 for black on white and 1 for a colour on itself, in either order", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#d9773b", "#d9773b")).toBe(1);
  });
  it("matches the WCAG formula on known pairs", () => {
    expect(luminance("#ffffff")).toBeCloseTo(1, 5);
    expect(contrastRatio("#ffffff", "#767676")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#ffffff", "#d9773b")).toBeCloseTo(3.16, 2);
  });
});
