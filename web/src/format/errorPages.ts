// What a page that cannot show its content says instead: a human sentence (never the server's
// raw message) and the ways onward (sign in, join the waitlist, back to the hallway, …), by the
// kind of failure. Every English text of the error pages is here.
import { ApiError } from "../api/http";

/** A way onward from an error page. */
export type Way = "sign_in" | "waitlist" | "hallway" | "clubs" | "search" | "retry";

/** Why a page cannot show what was asked for. */
export type ErrorKind =
  | "invite_invalid"
  | "profile_not_found"
  | "club_not_found"
  | "event_not_found"
  | "waitlist_gone"
  | "page_not_found"
  | "forbidden"
  | "signed_out"
  | "rate_limited"
  | "network"
  | "failed";

/** Where each way leads (`retry` reloads what failed and has no address). */
export const WAYS: Record<Way, { href: string | null; label: string }> = {
  sign_in: { href: "/signin", label: "Sign in" },
  waitlist: { href: "/waitlist", label: "Join the waitlist" },
  hallway: { href: "/", label: "Back to the hallway" },
  clubs: { href: "/clubs", label: "See all clubs" },
  search: { href: "/search", label: "Find members" },
  retry: { href: null, label: "Try again" },
};

const PAGES: Record<ErrorKind, { title: string; text: string; ways: Way[] }> = {
  invite_invalid: {
    title: "This invite can't be used",
    text:
      "This invite link was already used, was taken back by the member who made it, or is not a Stoa invite. " +
      "If you have an account, sign in. If not, join the waitlist: a member who knows you can let you in.",
    ways: ["sign_in", "waitlist"],
  },
  profile_not_found: {
    title: "No such member",
    text: "There is no member called @{name}. The name may be mistyped, or the account is gone.",
    ways: ["search", "hallway"],
  },
  club_not_found: {
    title: "No such club",
    text: "This club does not exist. The link may be mistyped, or the club was closed.",
    ways: ["clubs", "hallway"],
  },
  event_not_found: {
    title: "No such event",
    text: "This event does not exist. The link may be mistyped, or its hosts cancelled it.",
    ways: ["hallway"],
  },
  waitlist_gone: {
    title: "Reservation not found",
    text: "This waitlist link is unknown, has expired, or was already used to sign up.",
    ways: ["waitlist", "sign_in"],
  },
  page_not_found: {
    title: "Nothing here",
    text: "There is no page at this address.",
    ways: ["hallway"],
  },
  forbidden: {
    title: "Not for you, for now",
    text: "Only some members may see this page (for example a club's admins, or the site's).",
    ways: ["hallway"],
  },
  signed_out: {
    title: "You're signed out",
    text: "Your session ended. Sign in again to carry on.",
    ways: ["sign_in"],
  },
  rate_limited: {
    title: "One moment",
    text: "Too many tries in a short time. Wait a minute, then try again.",
    ways: ["retry", "hallway"],
  },
  network: {
    title: "Stoa can't be reached",
    text: "Check your connection, then try again.",
    ways: ["retry", "hallway"],
  },
  failed: {
    title: "Something went wrong",
    text: "This page could not be loaded. Try again in a moment.",
    ways: ["retry", "hallway"],
  },
};

/** What an error page shows: heading, sentence and the ways onward, in order. */
export interface ErrorPageContent {
  kind: ErrorKind;
  title: string;
  text: string;
  ways: Way[];
}

/**
 * The page for `kind`; `name` fills in who was looked for. Signed out, the hallway (which needs
 * a session) gives way to signing in and the waitlist.
 */
export function errorPage(kind: ErrorKind, signedIn: boolean, name = ""): ErrorPageContent {
  const page = PAGES[kind];
  let ways = page.ways;
  if (!signedIn && ways.includes("hallway")) {
    ways = [...ways.filter((w) => w !== "hallway" && w !== "sign_in" && w !== "waitlist"), "sign_in", "waitlist"];
  }
  return { kind, title: page.title, text: page.text.replace("{name}", name), ways };
}

/** The kind of a failed load: `notFound` for `not_found`, else by the error's code. */
export function errorKind(err: unknown, notFound: ErrorKind): ErrorKind {
  if (!(err instanceof ApiError)) return "failed";
  switch (err.code) {
    case "not_found":
      return notFound;
    case "invite_invalid":
      return "invite_invalid";
    case "forbidden":
    case "club_members_only":
      return "forbidden";
    case "unauthorized":
      return "signed_out";
    case "rate_limited":
      return "rate_limited";
    case "network":
      return "network";
    default:
      return "failed";
  }
}
