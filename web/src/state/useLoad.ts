// Fetch-on-mount, once: call `load` when the inputs change (optionally after a pause, and again
// some time after each answer), hand the answer or the error to the caller, and drop whatever
// arrives after the inputs changed or the component went away.
import { useEffect, type DependencyList } from "react";

/** What to do with a load's outcome, and when to load. */
export interface LoadOptions<T> {
  /** The answer (only while the load is still current). */
  onData(value: T): void;
  /** The failure (only while the load is still current); ignored when absent. */
  onError?(error: unknown): void;
  /** Wait this long before loading (a pause after typing), in milliseconds. */
  delayMs?: number;
  /** Load again this long after each answer or failure, in milliseconds. */
  everyMs?: number;
}

/** Starts loading; the returned function stops it (later answers are dropped, timers cleared). */
export function startLoad<T>(load: () => Promise<T>, options: LoadOptions<T>): () => void {
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    load()
      .then(
        (value) => live && options.onData(value),
        (error: unknown) => live && options.onError?.(error),
      )
      .finally(() => {
        if (live && options.everyMs !== undefined) timer = setTimeout(run, options.everyMs);
      });
  };
  if (options.delayMs === undefined) run();
  else timer = setTimeout(run, options.delayMs);
  return () => {
    live = false;
    clearTimeout(timer);
  };
}

/**
 * Runs `startLoad` as an effect of `deps`; `load` may be `null` to load nothing for these
 * inputs. The options are read when the inputs change.
 */
export function useLoad<T>(load: (() => Promise<T>) | null, deps: DependencyList, options: LoadOptions<T>): void {
  useEffect(() => (load ? startLoad(load, options) : undefined), deps);
}

/** The text shown for a failed load. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
