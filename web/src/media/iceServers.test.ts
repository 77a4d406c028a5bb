import { describe, expect, it } from "vitest";
import { toRtcIceServer } from "./peer";

describe("toRtcIceServer", () => {
  it("passes TURN URLs and credentials through as RTCPeerConnection takes them", () => {
    const turn = { urls: ["turn:turn.example.org:3478?transport=udp"], username: "1700000000:7", credential: "c2lnbg==" };
    expect(toRtcIceServer(turn)).toEqual(turn);
  });

  it("leaves out absent credentials (STUN entries)", () => {
    const stun = toRtcIceServer({ urls: ["stun:stun.example.org:3478"] });
    expect(stun).toEqual({ urls: ["stun:stun.example.org:3478"] });
    expect("username" in stun).toBe(false);
  });
});
