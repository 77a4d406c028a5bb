// Toast notifications: `useToast()(message)` shows a message for a few seconds.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

interface Toast {
  id: number;
  text: string;
  kind: "error" | "info";
}

type Notify = (text: string, kind?: Toast["kind"]) => void;

const ToastContext = createContext<Notify>(() => undefined);

const TOAST_MS = 5000;
let nextId = 1;

/** Provides `useToast` and renders the toast stack. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useCallback<Notify>((text, kind = "error") => {
    const id = nextId++;
    setToasts((t) => [...t.slice(-3), { id, text, kind }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), TOAST_MS);
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast">
            {t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Returns the function that shows a toast. */
export function useToast(): Notify {
  return useContext(ToastContext);
}
