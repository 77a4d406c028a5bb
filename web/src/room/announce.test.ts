import { describe, expect, it } from "vitest";
import { participant, user } from "../testing/fixtures";
import { announcements, announceState, type AnnounceState } from "./announce";
import { initialRoomView, type RoomView } from "./state";

const base: AnnounceState = { role: "audience", muted: true, hand: false, invitedBy: null, hands: [] };
const s = (extra: Partial<AnnounceState>): AnnounceState => ({ ...base, ...extra });

describe("announcements", () => {
  it("says nothing for the first snapshot or while out of the room", () => {
    expect(announcements(null, s({ hand: true }))).toEqual([]);
    expect(announcements(s({ role: null }), s({ hand: true }))).toEqual([]);
    expect(announcements(s({}), s({ role: null }))).toEqual([]);
  });
  it("follows my hand", () => {
    expect(announcements(s({}), s({ hand: true }))).toEqual(["Your hand is raised."]);
    expect(announcements(s({ hand: true }), s({}))).toEqual(["Your hand is lowered."]);
  });
  it("says who invited me to speak, once", () => {
    expect(announcements(s({ hand: true }), s({ hand: true, invitedBy: "Ada" }))).toEqual(["Ada invited you to speak."]);
    expect(announcements(s({ invitedBy: "Ada" }), s({ invitedBy: "Ada" }))).toEqual([]);
  });
  it("follows the stage and the microphone", () => {
    expect(announcements(s({ hand: true }), s({ role: "speaker", muted: false }))).toEqual(["You're on stage."]);
    expect(announcements(s({}), s({ role: "speaker", muted: true }))).toEqual(["You're on stage, muted."]);
    expect(announcements(s({ role: "speaker", muted: false }), s({ role: "speaker", muted: true }))).toEqual(["You're muted."]);
    expect(announcements(s({ role: "speaker", muted: true }), s({ role: "speaker", muted: false }))).toEqual(["You're unmuted."]);
    expect(announcements(s({ role: "speaker", muted: false }), s({}))).toEqual(["You're back in the audience."]);
    expect(announcements(s({ role: "speaker" }), s({ role: "moderator" }))).toEqual(["You're a moderator now."]);
  });
  it("tells moderators about new raised hands", () => {
    const mod = (hands: AnnounceState["hands"]) => s({ role: "moderator", muted: false, hands });
    const ann = { id: 2, name: "Ann" };
    const bo = { id: 3, name: "Bo" };
    expect(announcements(mod([]), mod([ann]))).toEqual(["Ann raised a hand."]);
    expect(announcements(mod([ann]), mod([ann, bo]))).toEqual(["Bo raised a hand."]);
    expect(announcements(mod([]), mod([ann, bo]))).toEqual(["2 hands raised."]);
    expect(announcements(mod([ann, bo]), mod([bo]))).toEqual([]);
  });
});

describe("announceState", () => {
  const view = (extra: Partial<RoomView>): RoomView => ({ ...initialRoomView, loaded: true, ...extra });
  it("reads my role, microphone, hand and invitation", () => {
    const v = view({ participants: [participant(1, "moderator"), participant(2, "audience", { hand_raised: true })], speakInvite: { by: user(1, "Ada") } });
    expect(announceState(v, 2)).toEqual({ role: "audience", muted: true, hand: true, invitedBy: "Ada", hands: [] });
    expect(announceState(v, 1).hands).toEqual([{ id: 2, name: "User 2" }]);
  });
  it("is out of the room before the state arrives, when gone, or when not listed", () => {
    expect(announceState(initialRoomView, 1).role).toBeNull();
    expect(announceState(view({ participants: [participant(1, "speaker")], gone: "room_ended" }), 1).role).toBeNull();
    expect(announceState(view({ participants: [participant(1, "speaker")] }), 9).role).toBeNull();
  });
  it("names an unknown inviter as a moderator", () => {
    expect(announceState(view({ participants: [participant(2, "audience")], speakInvite: { by: null } }), 2).invitedBy).toBe("A moderator");
  });
});
