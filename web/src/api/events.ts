// The REST calls of scheduled events and the calendar feed, by the names the pages use.
import * as gen from "../gen/api";

/** The `.ics` download of one event (a link, not a call). */
export const eventIcsUrl = (id: string | number) => `/api/events/${encodeURIComponent(String(id))}/ics`;

/** REST calls of the event pages, the hallway's upcoming list and the calendar panel. */
export const eventsApi = {
  create: gen.createEvent,
  get: (id: string | number) => gen.getEvent(id),
  update: gen.updateEvent,
  cancel: (id: string | number) => gen.cancelEvent(id),
  notifyMe: (id: string | number, on: boolean) => (on ? gen.eventNotifyOn(id) : gen.eventNotifyOff(id)),
  start: (id: string | number) => gen.startEvent(id),
  upcoming: gen.upcomingEvents,
  calendar: gen.calendarFeed,
  resetCalendar: gen.resetCalendarFeed,
};
