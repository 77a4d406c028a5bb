// English: the error pages (a page that cannot show what was asked for) and the sound settings.
export const pages = {
  errorPage: {
    ways: {
      sign_in: "Sign in",
      waitlist: "Join the waitlist",
      hallway: "Back to the hallway",
      clubs: "See all clubs",
      search: "Find members",
      retry: "Try again",
    },
    invite_invalid: {
      title: "This invite can't be used",
      text: "This invite link was already used, was taken back by the member who made it, or is not a Stoa invite. If you have an account, sign in. If not, join the waitlist: a member who knows you can let you in.",
    },
    profile_not_found: {
      title: "No such member",
      text: "There is no member called @{{name}}. The name may be mistyped, or the account is gone.",
    },
    club_not_found: {
      title: "No such club",
      text: "This club does not exist. The link may be mistyped, or the club was closed.",
    },
    event_not_found: {
      title: "No such event",
      text: "This event does not exist. The link may be mistyped, or its hosts cancelled it.",
    },
    waitlist_gone: {
      title: "Reservation not found",
      text: "This waitlist link is unknown, has expired, or was already used to sign up.",
    },
    page_not_found: { title: "Nothing here", text: "There is no page at this address." },
    forbidden: {
      title: "Not for you, for now",
      text: "Only some members may see this page (for example a club's admins, or the site's).",
    },
    signed_out: { title: "You're signed out", text: "Your session ended. Sign in again to carry on." },
    rate_limited: { title: "One moment", text: "Too many tries in a short time. Wait a minute, then try again." },
    network: { title: "Stoa can't be reached", text: "Check your connection, then try again." },
    failed: { title: "Something went wrong", text: "This page could not be loaded. Try again in a moment." },
  },
  sound: {
    title: "Sound on this device",
    label: "Spatial audio",
    hint: "Hear each speaker from their place on stage: the left of the stage in your left ear, the right in your right. Made for headphones. On loudspeakers, turn it off: your browser then cancels the room's echo better.",
    device: "Saved in this browser only.",
  },
};
