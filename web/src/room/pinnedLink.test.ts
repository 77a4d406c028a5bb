import { describe, expect, it } from "vitest";
import { user } from "../testing/fixtures";
import { PIN_LINK_ATTRS, pinInput, pinLabel, safeHref, validatePin } from "./pinnedLink";

const ok = (url: string, title = "") => validatePin(pinInput(url, title));

describe("pin form validation (mirrors the server)", () => {
  it("accepts http and https links with an optional title", () => {
    expect(ok("https://example.com/agenda")).toBeNull();
    expect(ok("  http://example.com  ", " Agenda ")).toBeNull();
    expect(ok("https://example.com/" + "a".repeat(480))).toBeNull();
    expect(ok("https://example.com", "t".repeat(100))).toBeNull();
  });

  it("refuses other schemes, junk, long values and control characters", () => {
    expect(ok("")).toMatch(/Enter a link/);
    expect(ok("javascript:alert(1)")).toMatch(/http/);
    expect(ok("data:text/html,hi")).toMatch(/http/);
    expect(ok("ftp://example.com")).toMatch(/http/);
    expect(ok("example.com")).toMatch(/http/);
    expect(ok("https://")).toMatch(/valid link/);
    expect(ok("https://example.com/" + "a".repeat(600))).toMatch(/at most 500/);
    expect(ok("https://example.com", "t".repeat(101))).toMatch(/at most 100/);
    expect(ok("https://example.com", "bad\u0007title")).toMatch(/control/);
    expect(ok("https://exa\u0000mple.com")).toMatch(/control/);
  });

  it("trims what it sends", () => {
    expect(pinInput(" https://a.example ", " Hi ")).toEqual({ url: "https://a.example", title: "Hi" });
  });
});

describe("safe rendering of the pinned link", () => {
  it("only ever links http(s) URLs", () => {
    expect(safeHref("https://example.com/x?y=1")).toBe("https://example.com/x?y=1");
    expect(safeHref("HTTP://EXAMPLE.com")).toBe("http://example.com/");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("JaVaScRiPt:alert(1)")).toBeNull();
    expect(safeHref("data:text/html;base64,AAAA")).toBeNull();
    expect(safeHref("not a url")).toBeNull();
  });

  it("opens in a new tab without opener, referrer or endorsement", () => {
    expect(PIN_LINK_ATTRS).toEqual({ target: "_blank", rel: "noopener noreferrer nofollow" });
  });

  it("shows the title, or the URL when there is none", () => {
    const by = user(1);
    expect(pinLabel({ url: "https://a.example", title: "Agenda", by })).toBe("Agenda");
    expect(pinLabel({ url: "https://a.example", title: "  ", by })).toBe("https://a.example");
  });
});
