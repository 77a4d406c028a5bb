//! Rules about the stage: hands, speak invitations, moving, muting, making moderators.

mod common;

use common::*;
use stoa_room::{Command, Effect, RoomError, RoomRole, UserId};

#[test]
fn hands_are_for_the_audience() {
    let mut room = room_with(&[A]);
    assert_eq!(
        ok(&mut room, Command::RaiseHand { user: A }),
        vec![Effect::Updated(A)]
    );
    assert!(room.member(A).expect("a").hand_raised);
    assert!(ok(&mut room, Command::RaiseHand { user: A }).is_empty());
    assert_eq!(
        ok(&mut room, Command::LowerHand { user: A }),
        vec![Effect::Updated(A)]
    );
    assert!(!room.member(A).expect("a").hand_raised);
    let on_stage = RoomError::InvalidState("only the audience raises hands");
    refused(&mut room, Command::RaiseHand { user: MOD }, on_stage);
    refused(&mut room, Command::LowerHand { user: MOD }, on_stage);
    refused(
        &mut room,
        Command::RaiseHand { user: STRANGER },
        RoomError::NotInRoom,
    );
}

#[test]
fn invite_and_accept_puts_on_stage_muted() {
    let mut room = room_with(&[A]);
    ok(&mut room, Command::RaiseHand { user: A });
    assert_eq!(
        ok(&mut room, Command::InviteToSpeak { by: MOD, target: A }),
        vec![
            Effect::Updated(A),
            Effect::SpeakInvite { target: A, by: MOD }
        ]
    );
    assert!(room.member(A).expect("a").speak_invited);
    assert_eq!(
        role(&room, A),
        RoomRole::Audience,
        "inviting does not move anyone"
    );
    // Inviting again re-sends the invitation but changes nothing.
    assert_eq!(
        ok(&mut room, Command::InviteToSpeak { by: MOD, target: A }),
        vec![Effect::SpeakInvite { target: A, by: MOD }]
    );
    assert_eq!(
        ok(&mut room, Command::AcceptSpeakInvite { user: A }),
        vec![Effect::Updated(A)]
    );
    let m = room.member(A).expect("a");
    assert_eq!(m.role, RoomRole::Speaker);
    assert!(m.muted, "a new speaker comes on stage muted");
    assert!(!m.hand_raised && !m.speak_invited);
    assert_eq!(m.stage_seq, Some(1));
    assert!(!room.may_publish(A), "not on air before unmuting");
    assert_eq!((room.stage_count(), room.audience_count()), (2, 0));
    assert_eq!(
        ok(
            &mut room,
            Command::SetMuted {
                user: A,
                muted: false
            }
        ),
        vec![Effect::Updated(A)]
    );
    assert!(room.may_publish(A), "on air once they unmute");
}

#[test]
fn invite_refusals() {
    let mut room = room_with(&[A, B]);
    refused(
        &mut room,
        Command::InviteToSpeak { by: A, target: B },
        RoomError::Forbidden("only moderators invite to speak"),
    );
    refused(
        &mut room,
        Command::InviteToSpeak {
            by: STRANGER,
            target: B,
        },
        RoomError::NotInRoom,
    );
    refused(
        &mut room,
        Command::InviteToSpeak {
            by: MOD,
            target: STRANGER,
        },
        RoomError::NotInRoom,
    );
    refused(
        &mut room,
        Command::InviteToSpeak {
            by: MOD,
            target: MOD,
        },
        RoomError::InvalidState("already on stage"),
    );
    let none = RoomError::InvalidState("no pending speak invitation");
    refused(&mut room, Command::AcceptSpeakInvite { user: A }, none);
    refused(&mut room, Command::DeclineSpeakInvite { user: A }, none);
    refused(&mut room, Command::AcceptSpeakInvite { user: MOD }, none);
    refused(
        &mut room,
        Command::AcceptSpeakInvite { user: STRANGER },
        RoomError::NotInRoom,
    );
}

#[test]
fn decline_clears_the_invitation() {
    let mut room = room_with(&[A]);
    ok(&mut room, Command::InviteToSpeak { by: MOD, target: A });
    assert_eq!(
        ok(&mut room, Command::DeclineSpeakInvite { user: A }),
        vec![Effect::Updated(A)]
    );
    let m = room.member(A).expect("a");
    assert!(!m.speak_invited);
    assert_eq!(m.role, RoomRole::Audience);
    refused(
        &mut room,
        Command::AcceptSpeakInvite { user: A },
        RoomError::InvalidState("no pending speak invitation"),
    );
}

#[test]
fn move_to_audience_by_moderator_or_self() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    promote(&mut room, B);
    assert_eq!(
        ok(&mut room, Command::MoveToAudience { by: MOD, target: A }),
        vec![Effect::Updated(A)]
    );
    let m = room.member(A).expect("a");
    assert_eq!(m.role, RoomRole::Audience);
    assert!(m.muted && m.stage_seq.is_none());
    assert!(!room.may_publish(A));
    assert_eq!(
        ok(&mut room, Command::MoveToAudience { by: B, target: B }),
        vec![Effect::Updated(B)]
    );
    assert_eq!(room.stage_count(), 1);
}

#[test]
fn move_to_audience_refusals() {
    let mut room = room_with(&[A, B]);
    refused(
        &mut room,
        Command::MoveToAudience {
            by: MOD,
            target: MOD,
        },
        RoomError::InvalidState("the stage cannot be left empty"),
    );
    promote(&mut room, A);
    ok(&mut room, Command::MoveToAudience { by: A, target: A });
    refused(
        &mut room,
        Command::MoveToAudience {
            by: MOD,
            target: MOD,
        },
        RoomError::InvalidState("the stage cannot be left empty"),
    );
    promote(&mut room, A);
    refused(
        &mut room,
        Command::MoveToAudience { by: A, target: MOD },
        RoomError::Forbidden("only moderators move others to the audience"),
    );
    refused(
        &mut room,
        Command::MoveToAudience { by: MOD, target: B },
        RoomError::InvalidState("not on stage"),
    );
    refused(
        &mut room,
        Command::MoveToAudience { by: B, target: B },
        RoomError::InvalidState("not on stage"),
    );
    refused(
        &mut room,
        Command::MoveToAudience {
            by: MOD,
            target: STRANGER,
        },
        RoomError::NotInRoom,
    );
}

#[test]
fn last_moderator_stepping_down_promotes_a_speaker() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    promote(&mut room, B);
    let effects = ok(
        &mut room,
        Command::MoveToAudience {
            by: MOD,
            target: MOD,
        },
    );
    assert_eq!(effects, vec![Effect::Updated(MOD), Effect::Updated(A)]);
    assert_eq!(role(&room, MOD), RoomRole::Audience);
    assert_eq!(role(&room, A), RoomRole::Moderator);
    assert_eq!(role(&room, B), RoomRole::Speaker);
}

#[test]
fn mute_and_unmute() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    unmute(&mut room, A);
    assert_eq!(
        ok(&mut room, Command::Mute { by: MOD, target: A }),
        vec![Effect::Updated(A)]
    );
    assert!(room.member(A).expect("a").muted);
    assert!(!room.may_publish(A));
    assert!(ok(&mut room, Command::Mute { by: MOD, target: A }).is_empty());
    assert_eq!(
        ok(
            &mut room,
            Command::SetMuted {
                user: A,
                muted: false
            }
        ),
        vec![Effect::Updated(A)]
    );
    assert!(room.may_publish(A));
    assert_eq!(
        ok(
            &mut room,
            Command::SetMuted {
                user: MOD,
                muted: true
            }
        ),
        vec![Effect::Updated(MOD)]
    );
    assert!(!room.may_publish(MOD));
    assert!(ok(
        &mut room,
        Command::SetMuted {
            user: MOD,
            muted: true
        }
    )
    .is_empty());
}

#[test]
fn mute_refusals() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    refused(
        &mut room,
        Command::Mute { by: A, target: MOD },
        RoomError::Forbidden("only moderators mute others"),
    );
    refused(
        &mut room,
        Command::Mute { by: MOD, target: B },
        RoomError::InvalidState("not on stage"),
    );
    refused(
        &mut room,
        Command::Mute {
            by: MOD,
            target: STRANGER,
        },
        RoomError::NotInRoom,
    );
    refused(
        &mut room,
        Command::SetMuted {
            user: B,
            muted: false,
        },
        RoomError::InvalidState("the audience is always muted"),
    );
    refused(
        &mut room,
        Command::SetMuted {
            user: STRANGER,
            muted: false,
        },
        RoomError::NotInRoom,
    );
}

#[test]
fn make_moderator_needs_a_speaker() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    let only_speakers = RoomError::InvalidState("only speakers can become moderators");
    refused(
        &mut room,
        Command::MakeModerator { by: MOD, target: B },
        only_speakers,
    );
    refused(
        &mut room,
        Command::MakeModerator {
            by: MOD,
            target: MOD,
        },
        only_speakers,
    );
    refused(
        &mut room,
        Command::MakeModerator { by: A, target: A },
        RoomError::Forbidden("only moderators make moderators"),
    );
    refused(
        &mut room,
        Command::MakeModerator {
            by: MOD,
            target: STRANGER,
        },
        RoomError::NotInRoom,
    );
    assert_eq!(
        ok(&mut room, Command::MakeModerator { by: MOD, target: A }),
        vec![Effect::Updated(A)]
    );
    assert_eq!(role(&room, A), RoomRole::Moderator);
    assert_eq!(room.moderator_count(), 2);
}

#[test]
fn stage_lists_in_stage_order() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, B);
    promote(&mut room, A);
    let stage: Vec<UserId> = room.stage().map(|(u, _)| u).collect();
    assert_eq!(stage, vec![MOD, B, A]);
}
