// The hallway's upcoming events: GET /api/events/upcoming on load and every 60 s.
import { useCallback, useState } from "react";
import { eventsApi } from "../api/events";
import type { Event } from "../gen/Event";
import { errorText, useLoad } from "./useLoad";

/** How often the list is refreshed, in milliseconds. */
const REFRESH_MS = 60_000;

/** Events (`null` until the first answer), the last error, and a setter for one changed event. */
export function useUpcoming(): { events: Event[] | null; error: string | null; update(e: Event): void } {
  const [events, setEvents] = useState<Event[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLoad(() => eventsApi.upcoming(), [], {
    onData: (list) => {
      setEvents(list.events);
      setError(null);
    },
    onError: (e) => setError(errorText(e)),
    everyMs: REFRESH_MS,
  });
  const update = useCallback((e: Event) => setEvents((list) => list?.map((x) => (x.id === e.id ? e : x)) ?? null), []);
  return { events, error, update };
}
