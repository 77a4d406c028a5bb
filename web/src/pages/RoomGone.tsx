// Shown when I am no longer in a room (it ended, I was removed, another tab took over) or was
// never let in (no such room, a private room, …): why, and the ways onward.
import { useTranslation } from "react-i18next";
import { ErrorPage } from "../components/ErrorPage";
import { goneText, goneTitle, goneWays, type GoneReason } from "../room/gone";

/** The end-of-room notice. */
export function RoomGone({ reason }: { reason: GoneReason }) {
  // Re-renders on a language change (the texts are translated).
  useTranslation();
  return (
    <ErrorPage
      page={{ title: goneTitle(reason), text: goneText(reason), ways: goneWays(reason) }}
      testId="room-gone"
      reason={reason}
    />
  );
}
