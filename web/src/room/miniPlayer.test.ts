import { describe, expect, it } from "vitest";
import type { Participant } from "../gen/Participant";
import { participant, roomState, user } from "../testing/fixtures";
import { controlMessage, miniControl, miniPlayerView, speakingLine, MINI_FACES } from "./miniPlayer";
import { noSession, reduceSession, type RoomSession, type SessionAction } from "./session";

const ME = 1;
const ROOM = "r1";

function session(people: Participant[], extra: SessionAction[] = []): RoomSession {
  const actions: SessionAction[] = [{ type: "open", roomId: ROOM }, { type: "room", msg: roomState(ROOM, people, { title: "Tea" }) }, ...extra];
  return actions.reduce((s, a) => reduceSession(s, a, ME, 0), noSession);
}
const speaking = (...ids: number[]): SessionAction => ({ type: "room", msg: { type: "speaking", room_id: ROOM, user_ids: ids } });

describe("miniPlayerView", () => {
  const people = [participant(ME, "audience"), participant(2, "speaker"), participant(3, "moderator"), participant(4, "speaker")];

  it("is hidden without a room and on the room's own page", () => {
    expect(miniPlayerView(noSession, ME, "/")).toBeNull();
    expect(miniPlayerView(session(people), ME, "/rooms/r1")).toBeNull();
  });

  it("shows the title and the stage's faces (moderators first) while nobody speaks", () => {
    const v = miniPlayerView(session(people), ME, "/users/u2");
    expect(v?.status).toBe("live");
    expect(v?.title).toBe("Tea");
    expect(v?.faces.map((f) => [f.user.id, f.speaking])).toEqual([[3, false], [2, false], [4, false]]);
    expect(v?.line).toBe("Quiet right now");
  });

  it("shows who is speaking", () => {
    const v = miniPlayerView(session(people, [speaking(4, 2)]), ME, "/");
    expect(v?.faces.map((f) => [f.user.id, f.speaking])).toEqual([[2, true], [4, true]]);
    expect(v?.line).toBe("User 2 and User 4 are speaking");
  });

  it("keeps at most a few faces", () => {
    const crowd = [participant(ME, "audience"), ...[2, 3, 4, 5, 6].map((id) => participant(id, "speaker"))];
    const v = miniPlayerView(session(crowd, [speaking(2, 3, 4, 5, 6)]), ME, "/");
    expect(v?.faces).toHaveLength(MINI_FACES);
    expect(v?.line).toBe("User 2, User 3 and 3 others are speaking");
  });

  it("gives the listener the hand and the speaker the mute", () => {
    expect(miniPlayerView(session(people), ME, "/")?.control).toBe("raise_hand");
    const onStage = [participant(ME, "speaker", { muted: false }), participant(3, "moderator")];
    expect(miniPlayerView(session(onStage), ME, "/")?.control).toBe("mute");
  });

  it("says joining before the room state, and why once I am out", () => {
    const joining = reduceSession(noSession, { type: "open", roomId: ROOM }, ME);
    expect(miniPlayerView(joining, ME, "/")).toMatchObject({ status: "joining", control: null, faces: [] });
    const ended = session(people, [{ type: "room", msg: { type: "room_ended", room_id: ROOM } }]);
    expect(miniPlayerView(ended, ME, "/")).toMatchObject({ status: "gone", line: "Room ended", control: null });
  });
});

describe("controls", () => {
  it("follows role, mute and hand", () => {
    expect(miniControl(undefined)).toBeNull();
    expect(miniControl(participant(1, "speaker", { muted: true }))).toBe("unmute");
    expect(miniControl(participant(1, "moderator", { muted: false }))).toBe("mute");
    expect(miniControl(participant(1, "audience", { hand_raised: true }))).toBe("lower_hand");
    expect(miniControl(participant(1, "audience"))).toBe("raise_hand");
  });

  it("sends the matching command", () => {
    expect(controlMessage("mute")).toEqual({ type: "set_muted", muted: true });
    expect(controlMessage("unmute")).toEqual({ type: "set_muted", muted: false });
    expect(controlMessage("raise_hand")).toEqual({ type: "raise_hand" });
    expect(controlMessage("lower_hand")).toEqual({ type: "lower_hand" });
  });
});

describe("speakingLine", () => {
  it("names one, two, or two and the count of the rest", () => {
    expect(speakingLine([])).toBe("Quiet right now");
    expect(speakingLine([user(1, "Ann")])).toBe("Ann is speaking");
    expect(speakingLine([user(1, "Ann"), user(2, "Bo")])).toBe("Ann and Bo are speaking");
    expect(speakingLine([user(1, "Ann"), user(2, "Bo"), user(3, "Cy")])).toBe("Ann, Bo and 1 other are speaking");
  });
});
