// What the mini-player shows while I browse away from my room: the title, the faces of who is
// speaking (the stage when nobody is), a line naming the speakers, and my one control by role.
import type { ClientMessage } from "../gen/ClientMessage";
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";
import type { UserSummary } from "../gen/UserSummary";
import { t } from "../i18n";
import { goneTitle } from "./gone";
import { roomLayout } from "./layout";
import { onRoomPage, type RoomSession } from "./session";
import { selfIn, type RoomView } from "./state";

/** At most this many faces. */
export const MINI_FACES = 3;

/** My one control in the mini-player: mute/unmute on stage, raise/lower hand in the audience. */
export type MiniControl = "mute" | "unmute" | "raise_hand" | "lower_hand";

/** One face, with whether they are talking right now. */
export interface MiniFace {
  user: UserSummary;
  speaking: boolean;
}

/** The mini-player's content. */
export interface MiniPlayerView {
  roomId: string;
  /** Joining (no room state yet), in the room, or out of it (`line` says why). */
  status: "joining" | "live" | "gone";
  title: string;
  faces: MiniFace[];
  line: string;
  control: MiniControl | null;
}

/** The speakers talking right now, in stage order (moderators first). */
export function speakersNow(view: RoomView, me: UserId): Participant[] {
  return roomLayout(view, me).stage.filter((p) => view.speaking.has(p.user.id));
}

/** "Quiet right now", "Ann is speaking", "Ann and Bo are speaking", "Ann, Bo and 2 others are speaking". */
export function speakingLine(speakers: UserSummary[]): string {
  const names = speakers.map((u) => u.display_name);
  const [a, b] = names;
  if (a === undefined) return t("mini.quiet");
  if (b === undefined) return t("mini.one", { a });
  if (names.length === 2) return t("mini.two", { a, b });
  return t("mini.many", { a, b, count: names.length - 2 });
}

/** My control by role; null when I am not (yet) in the room. */
export function miniControl(self: Participant | undefined): MiniControl | null {
  if (!self) return null;
  if (self.role !== "audience") return self.muted ? "unmute" : "mute";
  return self.hand_raised ? "lower_hand" : "raise_hand";
}

/** The command a control sends. */
export function controlMessage(control: MiniControl): ClientMessage {
  switch (control) {
    case "mute":
      return { type: "set_muted", muted: true };
    case "unmute":
      return { type: "set_muted", muted: false };
    case "raise_hand":
      return { type: "raise_hand" };
    case "lower_hand":
      return { type: "lower_hand" };
  }
}

/** The mini-player for user `me` at `path`; null when not in a room or on the room's own page. */
export function miniPlayerView(s: RoomSession, me: UserId, path: string): MiniPlayerView | null {
  if (s.roomId === null || onRoomPage(s, path)) return null;
  const { view } = s;
  const base = { roomId: s.roomId, title: view.title, faces: [], control: null };
  if (view.gone) return { ...base, status: "gone", line: goneTitle(view.gone) };
  if (!view.loaded) return { ...base, status: "joining", line: t("room.joining") };
  const speakers = speakersNow(view, me);
  const shown = speakers.length > 0 ? speakers : roomLayout(view, me).stage;
  return {
    ...base,
    status: "live",
    faces: shown.slice(0, MINI_FACES).map((p) => ({ user: p.user, speaking: view.speaking.has(p.user.id) })),
    line: speakingLine(speakers.map((p) => p.user)),
    control: miniControl(selfIn(view, me)),
  };
}
