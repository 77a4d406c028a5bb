//! Property tests: random command sequences from a small pool of users, with the room's
//! invariants checked after every step.

use std::collections::HashSet;
use std::sync::Arc;

use proptest::prelude::*;
use stoa_room::{
    ClubId, Command, Effect, JoinRule, LeaveReason, Room, RoomError, RoomKind, RoomRole, UserId,
};

const CREATOR: UserId = UserId(1);
const POOL: i64 = 5;

fn user() -> impl Strategy<Value = UserId> {
    (1..=POOL).prop_map(UserId)
}

fn reason() -> impl Strategy<Value = LeaveReason> {
    prop_oneof![
        4 => Just(LeaveReason::Left),
        4 => Just(LeaveReason::Disconnected),
        1 => Just(LeaveReason::Removed),
        1 => Just(LeaveReason::RoomEnded),
    ]
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        4 => user().prop_map(|user| Command::Join { user }),
        1 => (user(), reason()).prop_map(|(user, reason)| Command::Leave { user, reason }),
        1 => (user(), any::<bool>())
            .prop_map(|(user, connected)| Command::SetConnected { user, connected }),
        2 => user().prop_map(|user| Command::RaiseHand { user }),
        1 => user().prop_map(|user| Command::LowerHand { user }),
        4 => (user(), user()).prop_map(|(by, target)| Command::InviteToSpeak { by, target }),
        3 => user().prop_map(|user| Command::AcceptSpeakInvite { user }),
        1 => user().prop_map(|user| Command::DeclineSpeakInvite { user }),
        2 => (user(), user()).prop_map(|(by, target)| Command::MoveToAudience { by, target }),
        2 => (user(), user()).prop_map(|(by, target)| Command::Mute { by, target }),
        2 => (user(), any::<bool>()).prop_map(|(user, muted)| Command::SetMuted { user, muted }),
        1 => (user(), user()).prop_map(|(by, target)| Command::Remove { by, target }),
        2 => (user(), user()).prop_map(|(by, target)| Command::MakeModerator { by, target }),
        1 => Just(Command::HandOver),
        2 => user().prop_map(|user| Command::Admit { user }),
    ]
}

/// Every command for every user of the pool (used to probe an ended room).
fn all_commands() -> Vec<Command> {
    let users: Vec<UserId> = (1..=POOL).map(UserId).collect();
    let mut cmds = vec![Command::HandOver];
    for &u in &users {
        cmds.extend([
            Command::Join { user: u },
            Command::Admit { user: u },
            Command::Leave {
                user: u,
                reason: LeaveReason::Left,
            },
            Command::SetConnected {
                user: u,
                connected: true,
            },
            Command::RaiseHand { user: u },
            Command::LowerHand { user: u },
            Command::AcceptSpeakInvite { user: u },
            Command::DeclineSpeakInvite { user: u },
            Command::SetMuted {
                user: u,
                muted: false,
            },
        ]);
        for &t in &users {
            cmds.extend([
                Command::InviteToSpeak { by: u, target: t },
                Command::MoveToAudience { by: u, target: t },
                Command::Mute { by: u, target: t },
                Command::Remove { by: u, target: t },
                Command::MakeModerator { by: u, target: t },
            ]);
        }
    }
    cmds
}

/// Invariants that hold in every reachable state.
fn check_invariants(room: &Room) -> Result<(), TestCaseError> {
    let members: Vec<_> = room.members().collect();
    // (1) a live room has a stage with a moderator.
    if !room.is_ended() {
        prop_assert!(room.stage_count() >= 1, "live room with an empty stage");
        prop_assert!(room.moderator_count() >= 1, "live room without a moderator");
    } else {
        prop_assert_eq!(room.stage_count(), 0);
    }
    // (2) audience muted; hands and invitations only in the audience; stage_seq iff on stage.
    for (u, m) in &members {
        if m.role == RoomRole::Audience {
            prop_assert!(m.muted, "{u} in the audience but unmuted");
            prop_assert!(m.stage_seq.is_none());
        } else {
            prop_assert!(!m.hand_raised, "{u} on stage with a raised hand");
            prop_assert!(!m.speak_invited, "{u} on stage and speak-invited");
            prop_assert!(m.stage_seq.is_some());
        }
    }
    // Counts and orders are consistent.
    prop_assert_eq!(room.stage_count() + room.audience_count(), members.len());
    prop_assert!(members
        .windows(2)
        .all(|w| w[0].1.joined_seq < w[1].1.joined_seq));
    let stage: Vec<_> = room.stage().collect();
    prop_assert_eq!(stage.len(), room.stage_count());
    prop_assert!(stage.iter().all(|(_, m)| m.on_stage()));
    prop_assert!(stage
        .windows(2)
        .all(|w| w[0].1.stage_seq < w[1].1.stage_seq));
    for id in 1..=POOL {
        let u = UserId(id);
        // (3) removed users are never members and cannot rejoin.
        if room.is_removed(u) {
            prop_assert!(room.member(u).is_none(), "removed {u} is still a member");
            let expected = if room.is_ended() {
                RoomError::RoomEnded
            } else {
                RoomError::RemovedFromRoom
            };
            prop_assert_eq!(
                room.clone().handle(Command::Join { user: u }),
                Err(expected)
            );
            // (7) and never admitted.
            prop_assert!(!room.is_admitted(u), "removed {u} is admitted");
        }
        // (6) may_publish ⇔ on stage && !muted.
        let expected = room
            .member(u)
            .is_some_and(|m| m.role.on_stage() && !m.muted);
        prop_assert_eq!(room.may_publish(u), expected, "may_publish({}) wrong", u);
    }
    Ok(())
}

/// Effects name only real changes: updated users are members, departed users are not, and
/// `Ended` is reported exactly when the room ends, and only a departure can end it.
fn check_effects(
    cmd: Command,
    before: &Room,
    after: &Room,
    effects: &[Effect],
) -> Result<(), TestCaseError> {
    for e in effects {
        match *e {
            Effect::Updated(u) => {
                prop_assert!(after.member(u).is_some(), "Updated({u}) not a member");
            }
            Effect::Left { user, reason } => {
                prop_assert!(before.member(user).is_some());
                prop_assert!(after.member(user).is_none(), "Left({user}) still a member");
                prop_assert_eq!(reason == LeaveReason::Removed, after.is_removed(user));
            }
            Effect::SpeakInvite { target, by } => {
                prop_assert!(after.member(target).is_some_and(|m| m.speak_invited));
                prop_assert!(after.member(by).is_some_and(|m| m.is_moderator()));
            }
            Effect::Ended => {}
        }
    }
    let ended_now = effects.contains(&Effect::Ended);
    prop_assert_eq!(ended_now, after.is_ended() && !before.is_ended());
    if ended_now {
        let departure = matches!(cmd, Command::Leave { .. } | Command::Remove { .. });
        prop_assert!(departure, "{:?} ended the room", cmd);
    }
    Ok(())
}

/// The room's access snapshot agrees with the room: (7) the join rule refuses exactly the
/// removed users as removed, and lets in everyone on stage, whatever the room's setting, whom
/// its moderators follow, and the viewer's blocks and clubs; a live room's `Join` refuses
/// exactly those the rule refuses as removed.
fn check_access(
    room: &Room,
    rule: JoinRule,
    followees: &Arc<HashSet<UserId>>,
) -> Result<(), TestCaseError> {
    let access = room.access(rule, followees.clone());
    let everyone: HashSet<UserId> = (1..=POOL).map(UserId).collect();
    let all_clubs: HashSet<ClubId> = (1..=3).map(ClubId).collect();
    for id in 1..=POOL {
        let u = UserId(id);
        for (blocks, clubs) in [
            (HashSet::new(), HashSet::new()),
            (everyone.clone(), all_clubs.clone()),
        ] {
            let decision = access.check(u, &blocks, &clubs);
            prop_assert_eq!(
                decision == Err(RoomError::RemovedFromRoom),
                room.is_removed(u),
                "{} {:?}",
                u,
                decision
            );
            if room.member(u).is_some_and(|m| m.on_stage()) {
                prop_assert_eq!(decision, Ok(()), "{} on stage refused", u);
            }
            if !room.is_removed(u) && blocks.is_empty() && room.is_admitted(u) {
                prop_assert_eq!(decision, Ok(()), "admitted {} refused", u);
            }
        }
        if !room.is_ended() {
            let join = room.clone().handle(Command::Join { user: u });
            prop_assert_eq!(join.is_err(), room.is_removed(u), "{} {:?}", u, join);
        }
    }
    Ok(())
}

/// (8) Nobody goes on air unasked: a member unmuted after `cmd` was unmuted before it, or `cmd`
/// is their own `SetMuted { muted: false }`. In particular, accepting a speak invitation puts
/// the speaker on stage muted.
fn check_unmuted_only_by_themselves(
    cmd: Command,
    before: &Room,
    after: &Room,
) -> Result<(), TestCaseError> {
    for (u, m) in after.members() {
        if m.muted {
            continue;
        }
        let was_unmuted = before.member(u).is_some_and(|b| !b.muted);
        let unmuted_themselves = cmd
            == Command::SetMuted {
                user: u,
                muted: false,
            };
        prop_assert!(
            was_unmuted || unmuted_themselves,
            "{:?} put {} on air",
            cmd,
            u
        );
    }
    if let Command::AcceptSpeakInvite { user } = cmd {
        if let Some(m) = after.member(user) {
            prop_assert!(m.on_stage() && m.muted, "{} accepted but is {:?}", user, m);
        }
    }
    Ok(())
}

fn join_rule() -> impl Strategy<Value = JoinRule> {
    (
        prop_oneof![
            Just(RoomKind::Open),
            Just(RoomKind::Social),
            Just(RoomKind::Closed)
        ],
        prop::option::of((1..=3i64).prop_map(ClubId)),
        any::<bool>(),
    )
        .prop_map(|(kind, club, members_only)| JoinRule {
            kind,
            club,
            members_only,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The snapshot a room publishes decides like the room after any sequence of commands.
    #[test]
    fn the_access_snapshot_agrees_with_the_room(
        cmds in prop::collection::vec(command(), 1..80),
        rule in join_rule(),
        followees in prop::collection::hash_set(user(), 0..=POOL as usize),
    ) {
        let followees = Arc::new(followees);
        let mut room = Room::new(CREATOR);
        check_access(&room, rule, &followees)?;
        for cmd in cmds {
            let _ = room.handle(cmd);
            check_access(&room, rule, &followees)?;
        }
    }

    #[test]
    fn invariants_hold_over_random_sequences(cmds in prop::collection::vec(command(), 1..80)) {
        let mut room = Room::new(CREATOR);
        check_invariants(&room)?;
        for cmd in cmds {
            let before = room.clone();
            match room.handle(cmd) {
                Ok(effects) => {
                    // (5) an ended room accepts nothing.
                    prop_assert!(!before.is_ended(), "ended room accepted {:?}", cmd);
                    check_effects(cmd, &before, &room, &effects)?;
                }
                Err(err) => {
                    // (4) a refused command changes nothing.
                    prop_assert_eq!(&room, &before, "{:?} failed with {} but changed the room", cmd, err);
                    // (5) an ended room answers RoomEnded and only that.
                    prop_assert_eq!(err == RoomError::RoomEnded, before.is_ended());
                }
            }
            check_invariants(&room)?;
        }
        if room.is_ended() {
            for cmd in all_commands() {
                prop_assert_eq!(room.clone().handle(cmd), Err(RoomError::RoomEnded));
            }
        }
    }

    /// (8) Whatever happens, only a member's own unmute puts them on air.
    #[test]
    fn nobody_goes_on_air_without_unmuting(cmds in prop::collection::vec(command(), 1..80)) {
        let mut room = Room::new(CREATOR);
        for cmd in cmds {
            let before = room.clone();
            if room.handle(cmd).is_ok() {
                check_unmuted_only_by_themselves(cmd, &before, &room)?;
            }
        }
    }

    /// Members that were once removed stay removed through any later sequence.
    #[test]
    fn removal_is_permanent(cmds in prop::collection::vec(command(), 1..80)) {
        let mut room = Room::new(CREATOR);
        let mut removed = Vec::new();
        for cmd in cmds {
            if let Ok(effects) = room.handle(cmd) {
                for e in effects {
                    if let Effect::Left { user, reason: LeaveReason::Removed } = e {
                        removed.push(user);
                    }
                }
            }
            for &u in &removed {
                prop_assert!(room.is_removed(u));
                prop_assert!(room.member(u).is_none());
            }
        }
    }
}
