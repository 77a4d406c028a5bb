import { describe, expect, it } from "vitest";
import { participant, roomState } from "../testing/fixtures";
import { roomIdOf, roomPath } from "./paths";
import { inRoom, needsSwitchConfirm, noSession, onRoomPage, reduceSession, type RoomSession, type SessionAction } from "./session";

const ME = 1;
const run = (actions: SessionAction[], from: RoomSession = noSession) =>
  actions.reduce((s, a) => reduceSession(s, a, ME, 0), from);
const open = (roomId: string): SessionAction => ({ type: "open", roomId });
const msg = (m: SessionAction & { type: "room" }) => m;
const joined = (roomId: string, role: "audience" | "speaker" | "moderator" = "audience") =>
  run([open(roomId), msg({ type: "room", msg: roomState(roomId, [participant(ME, role), participant(2, "moderator")]) })]);

describe("reduceSession", () => {
  it("opens a room with a fresh view and a new join generation", () => {
    const s = run([open("r1")]);
    expect(s.roomId).toBe("r1");
    expect(s.gen).toBe(1);
    expect(s.view.loaded).toBe(false);
    expect(inRoom(s)).toBe(true);
  });

  it("keeps the session (same object) when the room's page opens again", () => {
    const s = joined("r1");
    expect(reduceSession(s, open("r1"), ME)).toBe(s);
  });

  it("rejoins when the page of a room I am out of opens again", () => {
    const gone = run([{ type: "room", msg: { type: "room_ended", room_id: "r1" } }], joined("r1"));
    expect(gone.view.gone).toBe("room_ended");
    expect(inRoom(gone)).toBe(false);
    const again = reduceSession(gone, open("r1"), ME);
    expect(again.gen).toBe(gone.gen + 1);
    expect(again.view.gone).toBeNull();
    expect(again.view.loaded).toBe(false);
  });

  it("switches to another room with a new view", () => {
    const s = run([open("r2")], joined("r1"));
    expect(s.roomId).toBe("r2");
    expect(s.view.loaded).toBe(false);
    expect(s.gen).toBe(2);
  });

  it("folds only the session room's messages", () => {
    const s = joined("r1");
    expect(s.view.loaded).toBe(true);
    expect(run([{ type: "room", msg: { type: "room_ended", room_id: "r2" } }], s)).toBe(s);
    expect(run([{ type: "room", msg: roomState("r2", []) }], noSession)).toBe(noSession);
  });

  it("closes on leave", () => {
    const s = run([{ type: "close" }], joined("r1"));
    expect(s.roomId).toBeNull();
    expect(s.view.loaded).toBe(false);
    expect(run([{ type: "close" }], noSession)).toBe(noSession);
  });

  it("release drops only a room I am out of, and only for its own page", () => {
    const live = joined("r1");
    expect(reduceSession(live, { type: "release", roomId: "r1" }, ME)).toBe(live);
    const gone = run([{ type: "room", msg: { type: "left_room", room_id: "r1", reason: "removed" } }], live);
    expect(reduceSession(gone, { type: "release", roomId: "r2" }, ME)).toBe(gone);
    expect(reduceSession(gone, { type: "release", roomId: "r1" }, ME).roomId).toBeNull();
  });
});

describe("needsSwitchConfirm", () => {
  it("asks a speaker or moderator before leaving their room for another", () => {
    expect(needsSwitchConfirm(joined("r1", "speaker"), "r2", ME)).toBe(true);
    expect(needsSwitchConfirm(joined("r1", "moderator"), "r2", ME)).toBe(true);
  });

  it("lets a listener switch at once, and never asks for the same room or without one", () => {
    expect(needsSwitchConfirm(joined("r1", "audience"), "r2", ME)).toBe(false);
    expect(needsSwitchConfirm(joined("r1", "moderator"), "r1", ME)).toBe(false);
    expect(needsSwitchConfirm(noSession, "r2", ME)).toBe(false);
  });

  it("does not ask once I am out of the other room", () => {
    const gone = run([{ type: "room", msg: { type: "room_ended", room_id: "r1" } }], joined("r1", "moderator"));
    expect(needsSwitchConfirm(gone, "r2", ME)).toBe(false);
  });
});

describe("room paths", () => {
  it("round-trips an id through the path", () => {
    expect(roomPath("a b/c")).toBe("/rooms/a%20b%2Fc");
    expect(roomIdOf(roomPath("a b/c"))).toBe("a b/c");
    expect(roomIdOf("/rooms/k3x/")).toBe("k3x");
  });

  it("is null for other pages and bad escapes", () => {
    expect(roomIdOf("/")).toBeNull();
    expect(roomIdOf("/rooms")).toBeNull();
    expect(roomIdOf("/rooms/a/b")).toBeNull();
    expect(roomIdOf("/users/rooms")).toBeNull();
    expect(roomIdOf("/rooms/%E0%A4%A")).toBeNull();
  });

  it("tells the session's own page from the others", () => {
    const s = joined("r1");
    expect(onRoomPage(s, "/rooms/r1")).toBe(true);
    expect(onRoomPage(s, "/rooms/r2")).toBe(false);
    expect(onRoomPage(s, "/users/u2")).toBe(false);
    expect(onRoomPage(noSession, "/rooms/r1")).toBe(false);
  });
});
