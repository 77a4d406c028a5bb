// Typed calls for scheduled events and the calendar feed.
import { request } from "./http";
import type { CalendarFeed } from "../gen/CalendarFeed";
import type { CreateEventRequest } from "../gen/CreateEventRequest";
import type { Event } from "../gen/Event";
import type { EventList } from "../gen/EventList";
import type { RoomRef } from "../gen/RoomRef";
import type { UpdateEventRequest } from "../gen/UpdateEventRequest";

const e = (id: string | number) => `/api/events/${encodeURIComponent(String(id))}`;

/** The `.ics` download of one event. */
export const eventIcsUrl = (id: string | number) => `${e(id)}/ics`;

/** REST calls of the event pages, the hallway's upcoming list and the calendar panel. */
export const eventsApi = {
  create: (body: CreateEventRequest) => request<Event>("POST", "/api/events", body),
  get: (id: string | number) => request<Event>("GET", e(id)),
  update: (id: string | number, body: UpdateEventRequest) => request<Event>("PATCH", e(id), body),
  cancel: (id: string | number) => request<Event>("DELETE", e(id)),
  notifyMe: (id: string | number, on: boolean) => request<Event>(on ? "PUT" : "DELETE", `${e(id)}/notify`),
  start: (id: string | number) => request<RoomRef>("POST", `${e(id)}/start`),
  upcoming: () => request<EventList>("GET", "/api/events/upcoming"),
  calendar: () => request<CalendarFeed>("GET", "/api/me/calendar"),
  resetCalendar: () => request<CalendarFeed>("POST", "/api/me/calendar/reset"),
};
