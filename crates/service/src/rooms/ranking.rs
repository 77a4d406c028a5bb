//! The hallway, ranked and explained for one viewer: a pure function over the live rooms the
//! viewer may join, the people they follow and where those people are.
//!
//! Order: rooms with more followed people on stage first, then rooms live in one of the
//! viewer's clubs, then more followed people in the audience, then bigger rooms; each card carries a [`RoomReason`] saying why it is there.

use std::collections::{HashMap, HashSet};

use stoa_proto::clubs::ClubRef;
use stoa_proto::rest::{RoomReason, RoomSummary, UserSummary};
use stoa_proto::{ClubId, RoomId, UserId};

/// What the ranking needs to know about the viewer.
#[derive(Debug, Clone)]
pub struct ViewerGraph {
    /// The viewer.
    pub id: UserId,
    /// Members the viewer follows.
    pub followees: HashSet<UserId>,
    /// Members the viewer blocked.
    pub blocked: HashSet<UserId>,
    /// Members who blocked the viewer.
    pub blocked_by: HashSet<UserId>,
    /// The clubs the viewer is a member of.
    pub clubs: HashSet<ClubId>,
}

impl ViewerGraph {
    /// Members blocked either way between them and the viewer.
    pub fn blocked_either_way(&self) -> HashSet<UserId> {
        self.blocked.union(&self.blocked_by).copied().collect()
    }
}

/// Ranks `rooms` (already limited to rooms the viewer may join) for the viewer and returns the
/// best `limit`, each with its reason.
///
/// `followed_present` counts, per room, the viewer's followees in it (stage and audience).
/// Rooms whose stage holds only people the viewer blocked are left out. Keys are computed for
/// every room without copying it; only the rooms returned are cloned and explained.
pub fn rank<'a>(
    viewer: &ViewerGraph,
    rooms: impl IntoIterator<Item = &'a RoomSummary>,
    followed_present: &HashMap<RoomId, u32>,
    limit: usize,
) -> Vec<RoomSummary> {
    let mut keyed: Vec<(Key, &RoomSummary)> = rooms
        .into_iter()
        .filter(|room| !stage_all_blocked(viewer, room))
        .map(|room| {
            let on_stage = room
                .stage
                .iter()
                .filter(|u| viewer.followees.contains(&u.id))
                .count() as u32;
            let present = followed_present.get(&room.id).copied().unwrap_or(0);
            let key = Key {
                on_stage,
                in_club: in_viewers_club(viewer, room).is_some(),
                in_audience: present.saturating_sub(on_stage),
                size: room.stage.len() as u32 + room.listener_count,
            };
            (key, room)
        })
        .collect();
    let order = |(a, ra): &(Key, &RoomSummary), (b, rb): &(Key, &RoomSummary)| {
        b.cmp(a)
            .then_with(|| ra.title.cmp(&rb.title))
            .then_with(|| ra.id.cmp(&rb.id))
    };
    if keyed.len() > limit {
        keyed.select_nth_unstable_by(limit, order);
        keyed.truncate(limit);
    }
    keyed.sort_by(order);
    keyed
        .into_iter()
        .map(|(key, room)| {
            let on_stage: Vec<UserSummary> = room
                .stage
                .iter()
                .filter(|u| viewer.followees.contains(&u.id))
                .cloned()
                .collect();
            let in_club = in_viewers_club(viewer, room).cloned();
            let text = match &in_club {
                Some(club) if on_stage.is_empty() => club_reason_text(club),
                _ => reason_text(&on_stage, key.in_audience, key.size),
            };
            let mut room = room.clone();
            room.reason = Some(RoomReason {
                text,
                followed_on_stage: on_stage,
                followed_in_audience: key.in_audience,
                in_club,
            });
            room
        })
        .collect()
}

/// Sort key, compared field by field (bigger is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    on_stage: u32,
    /// The room belongs to one of the viewer's clubs.
    in_club: bool,
    in_audience: u32,
    size: u32,
}

/// The room's club, when the viewer is a member of it.
fn in_viewers_club<'a>(viewer: &ViewerGraph, room: &'a RoomSummary) -> Option<&'a ClubRef> {
    room.club
        .as_ref()
        .filter(|club| viewer.clubs.contains(&club.id))
}

/// The card's line for a room live in one of the viewer's clubs.
pub fn club_reason_text(club: &ClubRef) -> String {
    format!("Live in {}, a club you're in", club.name)
}

/// The stage is not empty and everyone on it is blocked by the viewer.
fn stage_all_blocked(viewer: &ViewerGraph, room: &RoomSummary) -> bool {
    !room.stage.is_empty() && room.stage.iter().all(|u| viewer.blocked.contains(&u.id))
}

/// One line for the card: who the viewer follows there, else how big the room is.
pub fn reason_text(on_stage: &[UserSummary], in_audience: u32, size: u32) -> String {
    let listening = match in_audience {
        0 => String::new(),
        1 => "1 person you follow is listening".to_string(),
        n => format!("{n} people you follow are listening"),
    };
    let stage = match on_stage {
        [] => String::new(),
        [one] => format!("{} is on stage", one.display_name),
        [a, b] => format!("{} and {} are on stage", a.display_name, b.display_name),
        many => format!("{} people you follow are on stage", many.len()),
    };
    match (stage.is_empty(), listening.is_empty()) {
        (false, false) => format!("{stage}; {listening}"),
        (false, true) => stage,
        (true, false) => listening,
        (true, true) if size <= 1 => "Just started".to_string(),
        (true, true) => format!("{size} people in the room"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, name: &str) -> UserSummary {
        UserSummary {
            id: UserId(id),
            username: name.to_lowercase(),
            display_name: name.to_string(),
            avatar: None,
        }
    }

    fn room(id: &str, stage: Vec<UserSummary>, listeners: u32) -> RoomSummary {
        RoomSummary {
            id: RoomId(id.to_string()),
            title: format!("room {id}"),
            kind: stoa_proto::RoomKind::Open,
            stage,
            listener_count: listeners,
            ended: false,
            club: None,
            members_only: false,
            reason: None,
        }
    }

    fn viewer(follows: &[i64], blocked: &[i64]) -> ViewerGraph {
        ViewerGraph {
            id: UserId(1),
            followees: follows.iter().map(|&i| UserId(i)).collect(),
            blocked: blocked.iter().map(|&i| UserId(i)).collect(),
            blocked_by: HashSet::new(),
            clubs: HashSet::new(),
        }
    }

    fn ids(rooms: &[RoomSummary]) -> Vec<&str> {
        rooms.iter().map(|r| r.id.0.as_str()).collect()
    }

    #[test]
    fn followed_on_stage_beats_followed_in_audience_beats_size() {
        let rooms = vec![
            room("big", vec![user(9, "Zed")], 500),
            room("audience", vec![user(8, "Yan")], 3),
            room("stage", vec![user(2, "Ada")], 1),
        ];
        let present = HashMap::from([(RoomId("audience".into()), 2), (RoomId("stage".into()), 1)]);
        let ranked = rank(&viewer(&[2, 3, 4], &[]), &rooms, &present, 100);
        assert_eq!(ids(&ranked), ["stage", "audience", "big"]);
        let reasons: Vec<&str> = ranked
            .iter()
            .map(|r| r.reason.as_ref().expect("reason").text.as_str())
            .collect();
        assert_eq!(
            reasons,
            [
                "Ada is on stage",
                "2 people you follow are listening",
                "501 people in the room"
            ]
        );
        assert_eq!(
            ranked[0].reason.as_ref().unwrap().followed_on_stage[0].id,
            UserId(2)
        );
        assert_eq!(ranked[1].reason.as_ref().unwrap().followed_in_audience, 2);
    }

    #[test]
    fn more_followed_speakers_rank_higher_and_are_counted() {
        let rooms = vec![
            room("one", vec![user(2, "Ada"), user(7, "X")], 0),
            room(
                "three",
                vec![user(3, "Bo"), user(4, "Cy"), user(5, "Di")],
                0,
            ),
            room("two", vec![user(6, "Ed"), user(8, "Fa")], 0),
        ];
        let present = HashMap::from([
            (RoomId("one".into()), 1),
            (RoomId("three".into()), 4),
            (RoomId("two".into()), 2),
        ]);
        let ranked = rank(&viewer(&[2, 3, 4, 5, 6, 8, 10], &[]), &rooms, &present, 100);
        assert_eq!(ids(&ranked), ["three", "two", "one"]);
        let texts: Vec<&str> = ranked
            .iter()
            .map(|r| r.reason.as_ref().unwrap().text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "3 people you follow are on stage; 1 person you follow is listening",
                "Ed and Fa are on stage",
                "Ada is on stage"
            ]
        );
    }

    #[test]
    fn rooms_whose_stage_is_all_blocked_are_hidden() {
        let rooms = vec![
            room("blocked", vec![user(5, "Spam"), user(6, "Spam2")], 10),
            room("mixed", vec![user(5, "Spam"), user(2, "Ada")], 0),
        ];
        let ranked = rank(&viewer(&[], &[5, 6]), &rooms, &HashMap::new(), 100);
        assert_eq!(ids(&ranked), ["mixed"]);
    }

    #[test]
    fn only_the_best_rooms_up_to_the_limit_are_returned_in_order() {
        let rooms: Vec<RoomSummary> = (0..50)
            .map(|i| room(&format!("r{i:02}"), vec![user(100 + i, "X")], i as u32))
            .collect();
        let ranked = rank(&viewer(&[], &[]), &rooms, &HashMap::new(), 5);
        assert_eq!(ids(&ranked), ["r49", "r48", "r47", "r46", "r45"]);
        let followed = rank(&viewer(&[110], &[]), &rooms, &HashMap::new(), 3);
        assert_eq!(ids(&followed), ["r10", "r49", "r48"]);
    }

    #[test]
    fn ties_break_by_title_then_id_and_tiny_rooms_say_just_started() {
        let rooms = vec![
            room("b", vec![user(3, "B")], 0),
            room("a", vec![user(4, "A")], 0),
        ];
        let ranked = rank(&viewer(&[], &[]), &rooms, &HashMap::new(), 100);
        assert_eq!(ids(&ranked), ["a", "b"]);
        assert_eq!(ranked[0].reason.as_ref().unwrap().text, "Just started");
    }

    #[test]
    fn club_rooms_rank_after_followed_on_stage_and_above_audience_and_size() {
        let rustaceans = ClubRef {
            id: ClubId(7),
            name: "Rustaceans".to_string(),
        };
        let mut club_room = room("club", vec![user(9, "Zed")], 0);
        club_room.club = Some(rustaceans.clone());
        let mut other_club = room("other", vec![user(8, "Yan")], 900);
        other_club.club = Some(ClubRef {
            id: ClubId(8),
            name: "Gophers".to_string(),
        });
        let rooms = vec![
            room("big", vec![user(6, "Big")], 500),
            room("audience", vec![user(5, "Aud")], 3),
            room("stage", vec![user(2, "Ada")], 1),
            club_room,
            other_club,
        ];
        let present = HashMap::from([(RoomId("audience".into()), 2)]);
        let mut me = viewer(&[2], &[]);
        me.clubs.insert(ClubId(7));
        let ranked = rank(&me, &rooms, &present, 100);
        assert_eq!(ids(&ranked), ["stage", "club", "audience", "other", "big"]);
        let reason = ranked[1].reason.as_ref().expect("reason");
        assert_eq!(reason.text, "Live in Rustaceans, a club you're in");
        assert_eq!(reason.in_club.as_ref(), Some(&rustaceans));
        // A club the viewer is not in gives no club reason.
        assert_eq!(ranked[3].reason.as_ref().expect("reason").in_club, None);
    }
}
