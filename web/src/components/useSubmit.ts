// The busy flag and error line of a form that sends something.
import { useState } from "react";

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `run(call)` sets busy, clears the error and shows what `call` throws (through `errorText`). */
export function useSubmit(errorText: (err: unknown) => string = messageOf) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}
