// The hallway's upcoming events: GET /api/events/upcoming on load and every 60 s.
import { useCallback, useEffect, useState } from "react";
import { eventsApi } from "../api/events";
import type { Event } from "../gen/Event";

/** How often the list is refreshed, in milliseconds. */
const REFRESH_MS = 60_000;

/** Events (`null` until the first answer), the last error, and a setter for one changed event. */
export function useUpcoming(): { events: Event[] | null; error: string | null; update(e: Event): void } {
  const [events, setEvents] = useState<Event[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      eventsApi.upcoming().then(
        (list) => {
          if (!live) return;
          setEvents(list.events);
          setError(null);
        },
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  const update = useCallback((e: Event) => setEvents((list) => list?.map((x) => (x.id === e.id ? e : x)) ?? null), []);
  return { events, error, update };
}
