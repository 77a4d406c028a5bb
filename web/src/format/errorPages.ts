// What a page that cannot show its content says instead: a human sentence (never the server's
// raw message) and the ways onward (sign in, join the waitlist, back to the hallway, …), by the
// kind of failure, in the active language (the `errorPage` texts of src/i18n).
import { ApiError } from "../api/http";
import { t } from "../i18n";

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

/** A way's address and its label in the active language. */
function way(href: string | null, key: Way): { href: string | null; label: string } {
  return {
    href,
    get label() {
      return t(`errorPage.ways.${key}`);
    },
  };
}

/** Where each way leads (`retry` reloads what failed and has no address). */
export const WAYS: Record<Way, { href: string | null; label: string }> = {
  sign_in: way("/signin", "sign_in"),
  waitlist: way("/waitlist", "waitlist"),
  hallway: way("/", "hallway"),
  clubs: way("/clubs", "clubs"),
  search: way("/search", "search"),
  retry: way(null, "retry"),
};

/** The ways onward of each kind (its heading and sentence are `errorPage.<kind>` texts). */
const PAGES: Record<ErrorKind, Way[]> = {
  invite_invalid: ["sign_in", "waitlist"],
  profile_not_found: ["search", "hallway"],
  club_not_found: ["clubs", "hallway"],
  event_not_found: ["hallway"],
  waitlist_gone: ["waitlist", "sign_in"],
  page_not_found: ["hallway"],
  forbidden: ["hallway"],
  signed_out: ["sign_in"],
  rate_limited: ["retry", "hallway"],
  network: ["retry", "hallway"],
  failed: ["retry", "hallway"],
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
  let ways = PAGES[kind];
  if (!signedIn && ways.includes("hallway")) {
    ways = [...ways.filter((w) => w !== "hallway" && w !== "sign_in" && w !== "waitlist"), "sign_in", "waitlist"];
  }
  return { kind, title: t(`errorPage.${kind}.title`), text: t(`errorPage.${kind}.text`, { name }), ways };
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
