// The logic of a focus trap (dialogs and menus): where Tab and Shift+Tab go among the focusable
// elements inside, and which of several open traps (a dialog over a menu) owns the keyboard.
// Pure: the hook (components/useFocusTrap.ts) feeds it the DOM.

/** What can take focus by Tab inside a trap (filtered further by `isTabbable`). */
export const FOCUSABLE =
  'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex], [contenteditable="true"]';

/** What `isTabbable` needs to know about an element. */
export interface TabbableInfo {
  disabled: boolean;
  tabIndex: number;
  /** Whether it takes up room on screen (false for display:none, hidden ancestors). */
  rendered: boolean;
}

/** Whether an element matched by `FOCUSABLE` is reachable with Tab. */
export function isTabbable(el: TabbableInfo): boolean {
  return !el.disabled && el.tabIndex >= 0 && el.rendered;
}

/**
 * The index Tab (or Shift+Tab, `shift`) moves to among `count` tabbable elements when focus is
 * on index `current` (-1: on none of them, e.g. on the dialog itself or outside). Wraps around
 * at both ends; -1 when there is nothing to focus (focus stays on the container).
 */
export function trapStep(current: number, count: number, shift: boolean): number {
  if (count <= 0) return -1;
  if (current < 0 || current >= count) return shift ? count - 1 : 0;
  return (current + (shift ? count - 1 : 1)) % count;
}

/**
 * Where focus goes when a trap opens: the element marked `data-autofocus` if any, else the first
 * tabbable one, else the container (-1).
 */
export function initialIndex(autofocus: readonly boolean[]): number {
  const marked = autofocus.indexOf(true);
  if (marked >= 0) return marked;
  return autofocus.length > 0 ? 0 : -1;
}

/** The open traps, innermost last: only the last one handles Tab and Escape. */
export class TrapStack {
  private ids: number[] = [];
  private next = 1;

  /** Opens a trap; returns its id. */
  push(): number {
    const id = this.next++;
    this.ids.push(id);
    return id;
  }

  /** Closes trap `id` (wherever it is in the stack). */
  remove(id: number): void {
    this.ids = this.ids.filter((x) => x !== id);
  }

  /** Whether trap `id` is the innermost open one. */
  isTop(id: number): boolean {
    return this.ids.length > 0 && this.ids[this.ids.length - 1] === id;
  }

  /** How many traps are open. */
  get size(): number {
    return this.ids.length;
  }
}
