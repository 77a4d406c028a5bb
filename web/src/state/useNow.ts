// The current time, re-rendering every `everyMs` (for "in 5 min" labels).
import { useEffect, useState } from "react";

/** `Date.now()`, refreshed every `everyMs` milliseconds. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
