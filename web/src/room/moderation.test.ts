import { describe, expect, it } from "vitest";
import { participant } from "../testing/fixtures";
import { moderatorActions } from "./moderation";

const idsFor = (...args: Parameters<typeof participant>) => moderatorActions(participant(...args)).map((a) => a.id);

describe("moderatorActions", () => {
  it("offers to invite a listener to speak, unless already invited", () => {
    expect(idsFor(5, "audience")).toEqual(["invite", "remove"]);
    expect(idsFor(5, "audience", { speak_invited: true })).toEqual(["remove"]);
  });

  it("offers mute only while a speaker is unmuted", () => {
    expect(idsFor(5, "speaker", { muted: false })).toEqual(["mute", "audience", "moderator", "remove"]);
    expect(idsFor(5, "speaker", { muted: true })).toEqual(["audience", "moderator", "remove"]);
  });

  it("does not offer to promote someone who already moderates", () => {
    expect(idsFor(5, "moderator", { muted: false })).toEqual(["mute", "audience", "remove"]);
  });

  it("sends the matching command for the right user, with remove marked dangerous", () => {
    const actions = moderatorActions(participant(5, "speaker", { muted: false }));
    expect(actions.map((a) => a.msg)).toEqual([
      { type: "mute", user_id: 5 },
      { type: "move_to_audience", user_id: 5 },
      { type: "make_moderator", user_id: 5 },
      { type: "remove", user_id: 5 },
    ]);
    expect(actions.filter((a) => a.danger).map((a) => a.id)).toEqual(["remove"]);
    expect(moderatorActions(participant(7, "audience"))[0]?.msg).toEqual({ type: "invite_to_speak", user_id: 7 });
  });
});
