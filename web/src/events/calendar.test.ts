import { describe, expect, it } from "vitest";
import { webcalUrl } from "./calendar";

describe("webcalUrl", () => {
  it("swaps http(s) for webcal", () => {
    expect(webcalUrl("https://stoa.example/cal/abc.ics")).toBe("webcal://stoa.example/cal/abc.ics");
    expect(webcalUrl("http://127.0.0.1:8080/cal/abc.ics")).toBe("webcal://127.0.0.1:8080/cal/abc.ics");
    expect(webcalUrl("webcal://x/cal/a.ics")).toBe("webcal://x/cal/a.ics");
  });
});
