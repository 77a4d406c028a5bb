import { describe, expect, it } from "vitest";
import type { Participant } from "../gen/Participant";
import { participant, roomState, user } from "../testing/fixtures";
import { hasModeratorActions, menuTarget, publishesAudio, roomLayout } from "./layout";
import { initialRoomView, reduceRoom, type RoomView } from "./state";

const ROOM = "r1";

function viewOf(people: Participant[], me: number): RoomView {
  return reduceRoom(initialRoomView, roomState(ROOM, people), ROOM, me);
}

const ids = (ps: Participant[]) => ps.map((p) => p.user.id);

describe("roomLayout", () => {
  // Join order: speaker 1, audience 2, moderator 3, audience 4, speaker 5, moderator 6.
  const people = [
    participant(1, "speaker"),
    participant(2, "audience", { hand_raised: true }),
    participant(3, "moderator"),
    participant(4, "audience"),
    participant(5, "speaker"),
    participant(6, "moderator"),
  ];

  it("puts moderators first on stage, then speakers, each in join order", () => {
    const l = roomLayout(viewOf(people, 3), 3);
    expect(ids(l.stage)).toEqual([3, 6, 1, 5]);
  });

  it("keeps the audience in join order", () => {
    expect(ids(roomLayout(viewOf(people, 3), 3).audience)).toEqual([2, 4]);
  });

  it("lists the audience followed by the speakers first, each group in join order", () => {
    const crowd = [
      participant(1, "moderator"),
      participant(2, "audience"),
      participant(3, "audience", { followed_by_speakers: true }),
      participant(4, "audience"),
      participant(5, "audience", { followed_by_speakers: true }),
    ];
    const l = roomLayout(viewOf(crowd, 1), 1);
    expect(ids(l.audienceFollowed)).toEqual([3, 5]);
    expect(ids(l.audienceOthers)).toEqual([2, 4]);
    expect(ids(l.audience)).toEqual([3, 5, 2, 4]);
  });

  it("follows role changes: a speaker moved to the audience joins its end", () => {
    let v = viewOf(people, 3);
    v = reduceRoom(v, { type: "participant_updated", room_id: ROOM, participant: participant(1, "audience") }, ROOM, 3);
    const l = roomLayout(v, 3);
    expect(ids(l.stage)).toEqual([3, 6, 5]);
    // Join order is kept, so 1 (who joined first) leads the audience.
    expect(ids(l.audience)).toEqual([1, 2, 4]);
  });

  it("gives moderators the raised hands (audience only) and moderator status", () => {
    const staged = [...people, participant(7, "speaker", { hand_raised: true })];
    const l = roomLayout(viewOf(staged, 3), 3);
    expect(l.isModerator).toBe(true);
    expect(ids(l.hands)).toEqual([2]);
  });

  it("hides raised hands and moderation from speakers and listeners", () => {
    for (const me of [1, 4]) {
      const l = roomLayout(viewOf(people, me), me);
      expect(l.isModerator).toBe(false);
      expect(l.hands).toEqual([]);
    }
  });

  it("is not moderator when I am not in the room (yet)", () => {
    const l = roomLayout(viewOf(people, 42), 42);
    expect(l.self).toBeUndefined();
    expect(l.isModerator).toBe(false);
  });

  it("shows the speak invite only while I am in the audience", () => {
    let v = viewOf(people, 4);
    v = reduceRoom(v, { type: "speak_invite", room_id: ROOM, by: user(3) }, ROOM, 4);
    expect(roomLayout(v, 4).speakInvite).toEqual({ by: user(3) });
    // An invite still pending in the view is not shown once I am on stage.
    const onStage: RoomView = { ...v, participants: v.participants.map((p) => (p.user.id === 4 ? participant(4, "speaker") : p)) };
    expect(roomLayout(onStage, 4).speakInvite).toBeNull();
  });
});

describe("hasModeratorActions", () => {
  it("gives moderators actions on others but not on themselves", () => {
    expect(hasModeratorActions(true, participant(2, "speaker"), 1)).toBe(true);
    expect(hasModeratorActions(true, participant(2, "audience"), 1)).toBe(true);
    expect(hasModeratorActions(true, participant(1, "moderator"), 1)).toBe(false);
  });

  it("never gives non-moderators any", () => {
    expect(hasModeratorActions(false, participant(2, "speaker"), 1)).toBe(false);
  });
});

describe("menuTarget", () => {
  const v = viewOf([participant(1, "moderator"), participant(2, "speaker")], 1);

  it("returns the current entry of the person the menu was opened for", () => {
    const stale = participant(2, "audience");
    expect(menuTarget(v, stale, true)).toEqual(participant(2, "speaker"));
  });

  it("closes when nobody is picked, the person left, or I am no longer a moderator", () => {
    expect(menuTarget(v, null, true)).toBeUndefined();
    expect(menuTarget(v, participant(9, "speaker"), true)).toBeUndefined();
    expect(menuTarget(v, participant(2, "speaker"), false)).toBeUndefined();
  });
});

describe("publishesAudio", () => {
  it("captures the microphone on stage only, and not once I am out of the room", () => {
    const v = viewOf([participant(1, "speaker")], 1);
    expect(publishesAudio(v, participant(1, "speaker"))).toBe(true);
    expect(publishesAudio(v, participant(1, "moderator"))).toBe(true);
    expect(publishesAudio(v, participant(1, "audience"))).toBe(false);
    expect(publishesAudio(v, undefined)).toBe(false);
    expect(publishesAudio({ ...v, gone: "removed" }, participant(1, "speaker"))).toBe(false);
  });
});
