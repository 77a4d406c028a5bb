import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../gen/ServerMessage";
import { participant, roomState, user } from "../testing/fixtures";
import { initialRoomView, reduceRoom, selfIn, type RoomView } from "./state";

const ROOM = "r1";
const ME = 1;

function fold(msgs: ServerMessage[], start: RoomView = initialRoomView): RoomView {
  return msgs.reduce((v, m) => reduceRoom(v, m, ROOM, ME), start);
}

const base = [participant(2, "moderator"), participant(ME, "audience"), participant(3, "speaker")];

describe("reduceRoom", () => {
  it("starts unloaded and empty", () => {
    expect(initialRoomView.loaded).toBe(false);
    expect(initialRoomView.participants).toEqual([]);
    expect(initialRoomView.gone).toBeNull();
  });

  it("room_state loads the whole room", () => {
    const v = fold([roomState(ROOM, base, { title: "Jazz", kind: "social", slots: [2, null, 3], speaking: [2] })]);
    expect(v.loaded).toBe(true);
    expect(v.title).toBe("Jazz");
    expect(v.kind).toBe("social");
    expect(v.participants.map((p) => p.user.id)).toEqual([2, ME, 3]);
    expect(v.slots).toEqual([2, null, 3]);
    expect([...v.speaking]).toEqual([2]);
    expect(v.speakInvite).toBeNull();
    expect(v.gone).toBeNull();
  });

  it("ignores every room message addressed to another room", () => {
    const loaded = fold([roomState(ROOM, base)]);
    const other: ServerMessage[] = [
      roomState("other", [participant(9, "moderator")]),
      { type: "participant_updated", room_id: "other", participant: participant(9, "speaker") },
      { type: "participant_left", room_id: "other", user_id: 2, reason: "left" },
      { type: "slots", room_id: "other", slots: [9, 9, 9] },
      { type: "speaking", room_id: "other", user_ids: [9] },
      { type: "speak_invite", room_id: "other", by: user(2) },
      { type: "left_room", room_id: "other", reason: "removed" },
      { type: "room_ended", room_id: "other" },
    ];
    for (const m of other) expect(reduceRoom(loaded, m, ROOM, ME)).toBe(loaded);
  });

  it("participant_updated adds newcomers at the end and updates others in place", () => {
    const v = fold([
      roomState(ROOM, base),
      { type: "participant_updated", room_id: ROOM, participant: participant(4, "audience") },
      { type: "participant_updated", room_id: ROOM, participant: participant(3, "speaker", { muted: true }) },
    ]);
    expect(v.participants.map((p) => p.user.id)).toEqual([2, ME, 3, 4]);
    expect(v.participants[2]?.muted).toBe(true);
  });

  it("participants_updated applies a batch in order, like single updates", () => {
    const v = fold([
      roomState(ROOM, base),
      {
        type: "participants_updated",
        room_id: ROOM,
        participants: [participant(4, "audience"), participant(5, "audience"), participant(3, "speaker", { muted: true })],
      },
    ]);
    expect(v.participants.map((p) => p.user.id)).toEqual([2, ME, 3, 4, 5]);
    expect(v.participants[2]?.muted).toBe(true);
    const other = reduceRoom(v, { type: "participants_updated", room_id: "other", participants: [participant(9, "audience")] }, ROOM, ME);
    expect(other).toBe(v);
  });

  it("participant_left removes the person and stops their speaking ring", () => {
    const v = fold([
      roomState(ROOM, base, { speaking: [2, 3] }),
      { type: "participant_left", room_id: ROOM, user_id: 3, reason: "left" },
    ]);
    expect(v.participants.map((p) => p.user.id)).toEqual([2, ME]);
    expect(v.speaking.has(3)).toBe(false);
    expect(v.speaking.has(2)).toBe(true);
  });

  it("slots and speaking replace the previous values", () => {
    const v = fold([
      roomState(ROOM, base, { speaking: [2] }),
      { type: "slots", room_id: ROOM, slots: [3, 2, null] },
      { type: "speaking", room_id: ROOM, user_ids: [3] },
    ]);
    expect(v.slots).toEqual([3, 2, null]);
    expect([...v.speaking]).toEqual([3]);
    const quiet = reduceRoom(v, { type: "speaking", room_id: ROOM, user_ids: [] }, ROOM, ME);
    expect(quiet.speaking.size).toBe(0);
  });

  it("does not mutate the previous view", () => {
    const before = fold([roomState(ROOM, base, { speaking: [3] })]);
    const snapshot = { participants: [...before.participants], speaking: [...before.speaking] };
    fold(
      [
        { type: "participant_updated", room_id: ROOM, participant: participant(3, "audience") },
        { type: "participant_left", room_id: ROOM, user_id: 3, reason: "left" },
        { type: "speaking", room_id: ROOM, user_ids: [2] },
      ],
      before,
    );
    expect(before.participants).toEqual(snapshot.participants);
    expect([...before.speaking]).toEqual(snapshot.speaking);
  });

  describe("speak invitations for me", () => {
    const invited = participant(ME, "audience", { speak_invited: true });

    it("speak_invite shows who invited me", () => {
      const v = fold([roomState(ROOM, base), { type: "speak_invite", room_id: ROOM, by: user(2, "Mod") }]);
      expect(v.speakInvite).toEqual({ by: user(2, "Mod") });
    });

    it("a speak_invited update of me without a speak_invite still shows an (anonymous) invite", () => {
      const v = fold([roomState(ROOM, base), { type: "participant_updated", room_id: ROOM, participant: invited }]);
      expect(v.speakInvite).toEqual({ by: null });
    });

    it("keeps who invited me when my participant update follows the speak_invite", () => {
      const v = fold([
        roomState(ROOM, base),
        { type: "speak_invite", room_id: ROOM, by: user(2) },
        { type: "participant_updated", room_id: ROOM, participant: invited },
      ]);
      expect(v.speakInvite).toEqual({ by: user(2) });
    });

    it("clears once I accept (on stage) or decline (no longer invited)", () => {
      const pending = fold([roomState(ROOM, base), { type: "speak_invite", room_id: ROOM, by: user(2) }]);
      const accepted = reduceRoom(
        pending,
        { type: "participant_updated", room_id: ROOM, participant: participant(ME, "speaker", { speak_invited: true }) },
        ROOM,
        ME,
      );
      expect(accepted.speakInvite).toBeNull();
      const declined = reduceRoom(pending, { type: "participant_updated", room_id: ROOM, participant: participant(ME, "audience") }, ROOM, ME);
      expect(declined.speakInvite).toBeNull();
    });

    it("is untouched by updates of other people", () => {
      const pending = fold([roomState(ROOM, base), { type: "speak_invite", room_id: ROOM, by: user(2) }]);
      const v = reduceRoom(pending, { type: "participant_updated", room_id: ROOM, participant: participant(3, "audience") }, ROOM, ME);
      expect(v.speakInvite).toEqual({ by: user(2) });
    });

    it("survives a room_state resync while still invited, and comes from it after a reload", () => {
      const pending = fold([roomState(ROOM, base), { type: "speak_invite", room_id: ROOM, by: user(2) }]);
      const resynced = reduceRoom(pending, roomState(ROOM, [participant(2, "moderator"), invited]), ROOM, ME);
      expect(resynced.speakInvite).toEqual({ by: user(2) });
      expect(fold([roomState(ROOM, [invited])]).speakInvite).toEqual({ by: null });
      expect(reduceRoom(pending, roomState(ROOM, base), ROOM, ME).speakInvite).toBeNull();
    });
  });

  describe("leaving", () => {
    const loaded = fold([roomState(ROOM, base), { type: "speak_invite", room_id: ROOM, by: user(2) }]);

    it("left_room records the reason and drops a pending invite", () => {
      const v = reduceRoom(loaded, { type: "left_room", room_id: ROOM, reason: "removed" }, ROOM, ME);
      expect(v.gone).toBe("removed");
      expect(v.speakInvite).toBeNull();
    });

    it("room_ended ends the room for me", () => {
      const v = reduceRoom(loaded, { type: "room_ended", room_id: ROOM }, ROOM, ME);
      expect(v.gone).toBe("room_ended");
      expect(v.speakInvite).toBeNull();
    });

    it("replaced (another tab took over) applies whatever the room", () => {
      expect(reduceRoom(loaded, { type: "replaced" }, ROOM, ME).gone).toBe("replaced");
    });

    it("join_refused records why I was not let in", () => {
      const v = reduceRoom(initialRoomView, { type: "join_refused", room_id: ROOM, reason: "room_closed" }, ROOM, ME);
      expect(v.gone).toBe("room_closed");
      expect(reduceRoom(initialRoomView, { type: "join_refused", room_id: "other", reason: "blocked" }, ROOM, ME)).toBe(initialRoomView);
    });

    it("room_kind_changed updates the kind of my room only", () => {
      const closed = fold([roomState(ROOM, base, { kind: "closed" })]);
      expect(closed.kind).toBe("closed");
      expect(reduceRoom(closed, { type: "room_kind_changed", room_id: ROOM, kind: "open" }, ROOM, ME).kind).toBe("open");
      expect(reduceRoom(closed, { type: "room_kind_changed", room_id: "other", kind: "open" }, ROOM, ME)).toBe(closed);
    });

    it("a later room_state (re-join) clears gone", () => {
      const gone = reduceRoom(loaded, { type: "left_room", room_id: ROOM, reason: "disconnected" }, ROOM, ME);
      expect(reduceRoom(gone, roomState(ROOM, base), ROOM, ME).gone).toBeNull();
    });
  });

  it("ignores messages that are not about rooms", () => {
    const loaded = fold([roomState(ROOM, base)]);
    const msgs: ServerMessage[] = [
      { type: "hello", user: user(ME) },
      { type: "answer", sdp: "v=0" },
      { type: "error", code: "forbidden", message: "no" },
      { type: "hallway", hallway: { rooms: [] } },
    ];
    for (const m of msgs) expect(reduceRoom(loaded, m, ROOM, ME)).toBe(loaded);
  });

  it("selfIn finds my entry or nothing", () => {
    const v = fold([roomState(ROOM, base)]);
    expect(selfIn(v, ME)?.role).toBe("audience");
    expect(selfIn(v, 99)).toBeUndefined();
  });
});
