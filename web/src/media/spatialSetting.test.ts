import { describe, expect, it } from "vitest";
import { spatialFromStored } from "./spatialSetting";

describe("spatialFromStored", () => {
  it("is on by default and off only when turned off", () => {
    expect(spatialFromStored(null)).toBe(true);
    expect(spatialFromStored("off")).toBe(false);
    expect(spatialFromStored("on")).toBe(true);
  });
});
