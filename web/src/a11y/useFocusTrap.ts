// One focus trap for every dialog and menu: focus moves in when it opens (to the element marked
// `data-autofocus`, else the first focusable one, else the container), Tab and Shift+Tab cycle
// inside, Escape calls `onEscape`, and focus returns to where it was (the opener) on close.
// Nested traps (a dialog over a menu): only the innermost one handles the keyboard. Focus moved
// outside another way (a click) is brought back into a modal dialog; a menu (`modal: false`)
// closes instead, leaving focus where it went.
import { useEffect, useRef, type RefObject } from "react";
import { FOCUSABLE, initialIndex, isTabbable, trapStep, TrapStack } from "./focusTrap";

const stack = new TrapStack();

/** The elements Tab reaches inside `root`, in document order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) =>
    isTabbable({
      disabled: (el as HTMLButtonElement).disabled === true,
      tabIndex: el.tabIndex,
      rendered: el.getClientRects().length > 0,
    }),
  );
}

/**
 * Traps focus in the returned ref's element while it is mounted. `onClose` closes the dialog
 * (the latest one passed is called). The container gets `tabIndex=-1` so it can hold focus.
 */
export function useFocusTrap<T extends HTMLElement>(onClose: () => void, { modal = true } = {}): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const id = stack.push();
    if (!root.hasAttribute("tabindex")) root.tabIndex = -1;
    if (!root.contains(document.activeElement)) {
      const list = tabbables(root);
      const first = initialIndex(list.map((el) => el.hasAttribute("data-autofocus")));
      (list[first] ?? root).focus();
    }

    const onKey = (e: KeyboardEvent) => {
      if (!stack.isTop(id)) return;
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        close.current();
        return;
      }
      if (e.key !== "Tab") return;
      e.preventDefault();
      const list = tabbables(root);
      const at = trapStep(list.indexOf(document.activeElement as HTMLElement), list.length, e.shiftKey);
      (list[at] ?? root).focus();
    };
    let restore = true;
    const onFocusIn = (e: FocusEvent) => {
      if (!stack.isTop(id) || !(e.target instanceof Node) || root.contains(e.target) || !root.isConnected) return;
      if (modal) return root.focus();
      if (e.target === opener) return; // the opener's own click toggles the menu
      restore = false;
      close.current();
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("focusin", onFocusIn);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("focusin", onFocusIn);
      stack.remove(id);
      if (restore && opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [modal]);

  return ref;
}
