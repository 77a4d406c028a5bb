import { describe, expect, it, vi } from "vitest";
import type { ServerMessage } from "../gen/ServerMessage";
import { participant, roomState } from "../testing/fixtures";
import { JoinFlow, endsMe, joinRefusal } from "./joinFlow";

const ROOM = "r1";
const state = roomState(ROOM, [participant(1, "moderator")]);

function joined(): JoinFlow {
  const flow = new JoinFlow(ROOM);
  flow.join(() => true);
  return flow;
}

describe("JoinFlow", () => {
  it("sends join_room on each (re)connect", () => {
    const flow = new JoinFlow(ROOM);
    const send = vi.fn(() => true);
    flow.join(send);
    flow.join(send);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("asks for one offer after the first room_state of each join", () => {
    const flow = joined();
    expect(flow.handle(state)).toEqual({ msg: state, effect: { kind: "offer", iceServers: [] } });
    // A later resync of the same join does not restart the media session.
    expect(flow.handle(state)?.effect).toBeNull();
    // After a reconnect, the next room_state brings a fresh offer.
    flow.join(() => true);
    expect(flow.handle(state)?.effect).toEqual({ kind: "offer", iceServers: [] });
  });

  it("hands the media session the ICE servers of the room_state it offers after", () => {
    const turn = { urls: ["turn:turn.example.org:3478?transport=udp"], username: "1700000000:1", credential: "c2VjcmV0" };
    const flow = joined();
    const withTurn = roomState(ROOM, [participant(1, "moderator")], {}, [turn]);
    expect(flow.handle(withTurn)?.effect).toEqual({ kind: "offer", iceServers: [turn] });
  });

  it("does not offer for another room's state", () => {
    const flow = joined();
    expect(flow.handle(roomState("other", []))?.effect).toBeNull();
    expect(flow.handle(state)?.effect).toEqual({ kind: "offer", iceServers: [] });
  });

  it("passes answers on to the media session", () => {
    const msg: ServerMessage = { type: "answer", sdp: "v=0 answer" };
    expect(joined().handle(msg)).toEqual({ msg, effect: { kind: "answer", sdp: "v=0 answer" } });
  });

  it("turns a refused join into join_refused and stops", () => {
    const cases = [
      ["not_found", "room_not_found"],
      ["room_ended", "room_ended"],
      ["removed_from_room", "removed"],
      ["room_followers_only", "room_followers_only"],
      ["room_closed", "room_closed"],
      ["blocked", "blocked"],
      ["club_members_only", "club_members_only"],
    ] as const;
    for (const [code, reason] of cases) {
      const flow = joined();
      const step = flow.handle({ type: "error", code, message: "no" });
      expect(step).toEqual({ msg: { type: "join_refused", room_id: ROOM, reason }, effect: { kind: "close" } });
      expect(flow.isGone).toBe(true);
    }
  });

  it("passes other errors through, and refusal codes once the join succeeded", () => {
    const flow = joined();
    const limited: ServerMessage = { type: "error", code: "rate_limited", message: "slow down" };
    expect(flow.handle(limited)).toEqual({ msg: limited, effect: null });
    flow.handle(state);
    const notFound: ServerMessage = { type: "error", code: "not_found", message: "no such user" };
    expect(flow.handle(notFound)).toEqual({ msg: notFound, effect: null });
    expect(flow.isGone).toBe(false);
  });

  it("does not treat errors as refusals when the join could not be sent", () => {
    const flow = new JoinFlow(ROOM);
    flow.join(() => false);
    const msg: ServerMessage = { type: "error", code: "room_ended", message: "ended" };
    expect(flow.handle(msg)).toEqual({ msg, effect: null });
  });

  it("closes on left_room, room_ended or replaced, then ignores everything and stops re-joining", () => {
    const ends: ServerMessage[] = [
      { type: "left_room", room_id: ROOM, reason: "removed" },
      { type: "room_ended", room_id: ROOM },
      { type: "replaced" },
    ];
    for (const end of ends) {
      const flow = joined();
      flow.handle(state);
      expect(flow.handle(end)).toEqual({ msg: end, effect: { kind: "close" } });
      expect(flow.isGone).toBe(true);
      expect(flow.handle(state)).toBeNull();
      const send = vi.fn(() => true);
      flow.join(send);
      expect(send).not.toHaveBeenCalled();
    }
  });

  it("ignores the end of another room", () => {
    const flow = joined();
    expect(flow.handle({ type: "room_ended", room_id: "other" })?.effect).toBeNull();
    expect(flow.isGone).toBe(false);
  });
});

describe("JoinFlow when the server is busy", () => {
  const busy: ServerMessage = { type: "error", code: "server_busy", message: "busy" };

  it("offers again after a backoff that doubles up to 8 s, with the room's ICE servers", () => {
    const flow = new JoinFlow(ROOM, () => 0);
    flow.join(() => true);
    const turn = { urls: ["turn:t.example:3478"], username: "u", credential: "c" };
    flow.handle(roomState(ROOM, [participant(1, "moderator")], {}, [turn]));
    const waits = Array.from({ length: 6 }, () => {
      const effect = flow.handle(busy)?.effect;
      expect(effect?.kind).toBe("retry_offer");
      if (effect?.kind !== "retry_offer") throw new Error("no retry");
      expect(effect.iceServers).toEqual([turn]);
      return effect.afterMs;
    });
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it("adds up to half of the wait as jitter, and starts over once answered", () => {
    const flow = new JoinFlow(ROOM, () => 0.999);
    flow.join(() => true);
    flow.handle(state);
    const first = flow.handle(busy)?.effect;
    expect(first?.kind === "retry_offer" && first.afterMs).toBe(750);
    flow.handle(busy);
    expect(flow.handle({ type: "answer", sdp: "v=0" })?.effect?.kind).toBe("answer");
    const again = flow.handle(busy)?.effect;
    expect(again?.kind === "retry_offer" && again.afterMs).toBe(750);
  });
});

describe("joinRefusal and endsMe", () => {
  it("maps only refusal codes", () => {
    expect(joinRefusal({ type: "error", code: "forbidden", message: "" })).toBeNull();
    expect(joinRefusal({ type: "replaced" })).toBeNull();
  });

  it("matches only my room", () => {
    expect(endsMe({ type: "left_room", room_id: "x", reason: "left" }, ROOM)).toBe(false);
    expect(endsMe({ type: "left_room", room_id: ROOM, reason: "left" }, ROOM)).toBe(true);
    expect(endsMe(state, ROOM)).toBe(false);
  });
});
