import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { errorText, startLoad } from "./useLoad";

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("startLoad", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("loads at once and hands over the answer", async () => {
    const onData = vi.fn();
    startLoad(() => Promise.resolve(42), { onData });
    await vi.runAllTimersAsync();
    expect(onData).toHaveBeenCalledWith(42);
  });

  it("hands a failure to onError, and to nobody without one", async () => {
    const onData = vi.fn();
    const onError = vi.fn();
    startLoad(() => Promise.reject(new Error("offline")), { onData, onError });
    startLoad(() => Promise.reject(new Error("ignored")), { onData });
    await vi.runAllTimersAsync();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(errorText(onError.mock.calls[0][0])).toBe("offline");
    expect(onData).not.toHaveBeenCalled();
  });

  it("drops answers and failures that arrive after it was stopped", async () => {
    const answer = deferred<number>();
    const failure = deferred<number>();
    const onData = vi.fn();
    const onError = vi.fn();
    const stopAnswer = startLoad(() => answer.promise, { onData, onError });
    const stopFailure = startLoad(() => failure.promise, { onData, onError });
    stopAnswer();
    stopFailure();
    answer.resolve(1);
    failure.reject(new Error("late"));
    await vi.runAllTimersAsync();
    expect(onData).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it("waits delayMs before loading, and never loads when stopped before", async () => {
    const load = vi.fn(() => Promise.resolve("found"));
    const onData = vi.fn();
    startLoad(load, { onData, delayMs: 200 });
    await vi.advanceTimersByTimeAsync(199);
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onData).toHaveBeenCalledWith("found");

    const typedOn = vi.fn(() => Promise.resolve("stale"));
    const stop = startLoad(typedOn, { onData, delayMs: 200 });
    await vi.advanceTimersByTimeAsync(100);
    stop();
    await vi.runAllTimersAsync();
    expect(typedOn).not.toHaveBeenCalled();
  });

  it("loads again everyMs after each answer or failure until stopped", async () => {
    let calls = 0;
    const load = vi.fn(() => (++calls === 2 ? Promise.reject(new Error("blip")) : Promise.resolve(calls)));
    const onData = vi.fn();
    const onError = vi.fn();
    const stop = startLoad(load, { onData, onError, everyMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(onData).toHaveBeenLastCalledWith(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onError).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onData).toHaveBeenLastCalledWith(3);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(load).toHaveBeenCalledTimes(3);
  });
});

describe("errorText", () => {
  it("shows an Error's message, anything else as a string", () => {
    expect(errorText(new Error("boom"))).toBe("boom");
    expect(errorText("plain")).toBe("plain");
  });
});
