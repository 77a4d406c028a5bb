// The routes of the club and event pages: /clubs, /clubs/new, /clubs/:id, /events/new,
// /events/:id.
import type { ReactNode } from "react";
import { matchRoute } from "../router";
import "../community.css";
import { ClubPage } from "./Club";
import { ClubsPage } from "./Clubs";
import { EventPage } from "./Event";
import { NewClubPage } from "./NewClub";
import { NewEventPage } from "./NewEvent";

/** The member-only club and event pages (null for any other path). */
export function communityPage(path: string): ReactNode | null {
  if (path === "/clubs") return <ClubsPage />;
  if (path === "/clubs/new") return <NewClubPage />;
  if (path === "/events/new") return <NewEventPage />;
  const club = matchRoute("/clubs/:id", path);
  if (club) return <ClubPage key={club.id} id={club.id ?? ""} />;
  const event = matchRoute("/events/:id", path);
  if (event) return <EventPage key={event.id} id={event.id ?? ""} />;
  return null;
}
