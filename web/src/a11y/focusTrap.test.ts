import { describe, expect, it } from "vitest";
import { initialIndex, isTabbable, trapStep, TrapStack } from "./focusTrap";

describe("trapStep", () => {
  it("moves forward and back inside the trap", () => {
    expect(trapStep(0, 3, false)).toBe(1);
    expect(trapStep(1, 3, false)).toBe(2);
    expect(trapStep(2, 3, true)).toBe(1);
  });
  it("wraps from the last to the first and from the first to the last", () => {
    expect(trapStep(2, 3, false)).toBe(0);
    expect(trapStep(0, 3, true)).toBe(2);
  });
  it("brings focus from outside (or the container) to the first or the last", () => {
    expect(trapStep(-1, 3, false)).toBe(0);
    expect(trapStep(-1, 3, true)).toBe(2);
    expect(trapStep(7, 3, false)).toBe(0);
  });
  it("stays on one element, or on the container when nothing is focusable", () => {
    expect(trapStep(0, 1, false)).toBe(0);
    expect(trapStep(0, 1, true)).toBe(0);
    expect(trapStep(-1, 0, false)).toBe(-1);
    expect(trapStep(-1, 0, true)).toBe(-1);
  });
});

describe("isTabbable", () => {
  it("skips disabled, tabindex=-1 and hidden elements", () => {
    expect(isTabbable({ disabled: false, tabIndex: 0, rendered: true })).toBe(true);
    expect(isTabbable({ disabled: true, tabIndex: 0, rendered: true })).toBe(false);
    expect(isTabbable({ disabled: false, tabIndex: -1, rendered: true })).toBe(false);
    expect(isTabbable({ disabled: false, tabIndex: 0, rendered: false })).toBe(false);
  });
});

describe("initialIndex", () => {
  it("prefers the element marked data-autofocus", () => {
    expect(initialIndex([false, false, true])).toBe(2);
  });
  it("else the first element, else the container", () => {
    expect(initialIndex([false, false])).toBe(0);
    expect(initialIndex([])).toBe(-1);
  });
});

describe("TrapStack", () => {
  it("gives the keyboard to the innermost trap, back to the outer one when it closes", () => {
    const s = new TrapStack();
    const menu = s.push();
    expect(s.isTop(menu)).toBe(true);
    const dialog = s.push();
    expect(s.isTop(menu)).toBe(false);
    expect(s.isTop(dialog)).toBe(true);
    s.remove(dialog);
    expect(s.isTop(menu)).toBe(true);
    expect(s.size).toBe(1);
  });
  it("removes a trap closed out of order", () => {
    const s = new TrapStack();
    const a = s.push();
    const b = s.push();
    s.remove(a);
    expect(s.isTop(b)).toBe(true);
    s.remove(b);
    expect(s.isTop(b)).toBe(false);
    expect(s.size).toBe(0);
  });
});
