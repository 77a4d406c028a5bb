//! The audience part of a joining member's snapshot, encoded once per member and reused.
//!
//! A join sends the joiner the whole audience as `participants_updated` chunks: in a room of N,
//! cloning and serializing N participants for every joiner made a join storm quadratic in CPU
//! (`stoa-bench room`, 1 → 3000 at 200 joins/s). Each audience member's JSON is kept together
//! with the [`Participant`] it encodes and reused while that member shows the same (compared field
//! by field, so no change can be missed); a chunk is the cached texts joined into one frame that
//! the session sends as is.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

use stoa_proto::rest::UserSummary;
use stoa_proto::ws::{Participant, ServerMessage};
use stoa_proto::{RoomId, RoomRole, UserId};

/// A member as a [`Participant`] shows them, borrowed from the room task.
#[derive(Debug, Clone, Copy)]
pub(super) struct ParticipantRef<'a> {
    pub user: &'a UserSummary,
    pub role: RoomRole,
    pub muted: bool,
    pub hand_raised: bool,
    pub speak_invited: bool,
    pub connected: bool,
    pub followed_by_speakers: bool,
}

impl ParticipantRef<'_> {
    /// The wire value.
    pub(super) fn to_participant(self) -> Participant {
        Participant {
            user: self.user.clone(),
            role: self.role,
            muted: self.muted,
            hand_raised: self.hand_raised,
            speak_invited: self.speak_invited,
            connected: self.connected,
            followed_by_speakers: self.followed_by_speakers,
        }
    }

    /// Whether `p` shows exactly this member (every field: a new one must be added here).
    fn is_shown_by(self, p: &Participant) -> bool {
        let Participant {
            user,
            role,
            muted,
            hand_raised,
            speak_invited,
            connected,
            followed_by_speakers,
        } = p;
        user == self.user
            && *role == self.role
            && *muted == self.muted
            && *hand_raised == self.hand_raised
            && *speak_invited == self.speak_invited
            && *connected == self.connected
            && *followed_by_speakers == self.followed_by_speakers
    }
}

/// Encoded participants of one room's members, and the frame around a chunk of them.
#[derive(Debug, Default)]
pub(super) struct EncodedAudience {
    cache: HashMap<UserId, (Participant, Box<str>)>,
    /// `participants_updated` of this room with an empty list, split where the list goes.
    frame: Option<(String, String)>,
}

impl EncodedAudience {
    /// One `participants_updated` of `room` listing `members`, as JSON text.
    pub(super) fn chunk<'a>(
        &mut self,
        room: &RoomId,
        members: impl IntoIterator<Item = ParticipantRef<'a>>,
    ) -> Result<Arc<str>, serde_json::Error> {
        let (prefix, suffix) = match &self.frame {
            Some(frame) => frame,
            None => self.frame.insert(split_frame(room)?),
        };
        let mut text = String::with_capacity(prefix.len() + suffix.len() + 4096);
        text.push_str(prefix);
        for (i, member) in members.into_iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            let json = match self.cache.entry(member.user.id) {
                Entry::Occupied(entry) if member.is_shown_by(&entry.get().0) => &entry.into_mut().1,
                entry => {
                    let participant = member.to_participant();
                    let json = serde_json::to_string(&participant)?.into_boxed_str();
                    &entry.insert_entry((participant, json)).into_mut().1
                }
            };
            text.push_str(json);
        }
        text.push_str(suffix);
        Ok(Arc::from(text))
    }

    /// Forgets members for whom `keep` is false, once the cache holds well more than `members`.
    pub(super) fn trim(&mut self, members: usize, keep: impl Fn(UserId) -> bool) {
        if self.cache.len() > 2 * members + 64 {
            self.cache.retain(|user, _| keep(*user));
        }
    }

    #[cfg(test)]
    fn cached(&self) -> usize {
        self.cache.len()
    }
}

/// The text of an empty `participants_updated` of `room`, split around its list.
fn split_frame(room: &RoomId) -> Result<(String, String), serde_json::Error> {
    let text = serde_json::to_string(&ServerMessage::ParticipantsUpdated {
        room_id: room.clone(),
        participants: Vec::new(),
    })?;
    const LIST: &str = "\"participants\":[]";
    let Some(at) = text.find(LIST) else {
        return Err(serde::ser::Error::custom(
            "participants_updated has no participants list",
        ));
    };
    let split = at + LIST.len() - 1;
    Ok((text[..split].to_owned(), text[split..].to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, name: &str) -> UserSummary {
        UserSummary {
            id: UserId(id),
            username: name.to_owned(),
            display_name: format!("{name} \"quoted\" \u{e9}"),
            avatar: None,
        }
    }

    fn listener(user: &UserSummary) -> ParticipantRef<'_> {
        ParticipantRef {
            user,
            role: RoomRole::Audience,
            muted: true,
            hand_raised: false,
            speak_invited: false,
            connected: true,
            followed_by_speakers: false,
        }
    }

    fn parsed(text: &str) -> (RoomId, Vec<Participant>) {
        match serde_json::from_str(text).unwrap() {
            ServerMessage::ParticipantsUpdated {
                room_id,
                participants,
            } => (room_id, participants),
            other => panic!("not participants_updated: {other:?}"),
        }
    }

    #[test]
    fn a_chunk_is_the_message_serde_would_write() {
        let room = RoomId("r-1".into());
        let users: Vec<_> = (1..=3).map(|i| user(i, &format!("u{i}"))).collect();
        let mut encoded = EncodedAudience::default();
        let text = encoded.chunk(&room, users.iter().map(listener)).unwrap();
        let expected = ServerMessage::ParticipantsUpdated {
            room_id: room.clone(),
            participants: users.iter().map(|u| listener(u).to_participant()).collect(),
        };
        assert_eq!(&*text, serde_json::to_string(&expected).unwrap());
        assert_eq!(
            parsed(&text),
            (
                room.clone(),
                users.iter().map(|u| listener(u).to_participant()).collect()
            )
        );
        let empty = encoded.chunk(&room, []).unwrap();
        assert_eq!(parsed(&empty), (room, Vec::new()));
    }

    #[test]
    fn a_changed_member_is_encoded_again() {
        let room = RoomId("r".into());
        let alice = user(1, "alice");
        let mut encoded = EncodedAudience::default();
        encoded.chunk(&room, [listener(&alice)]).unwrap();
        let mut raised = listener(&alice);
        raised.hand_raised = true;
        let (_, list) = parsed(&encoded.chunk(&room, [raised]).unwrap());
        assert!(list[0].hand_raised, "stale cached JSON sent");
        let renamed = user(1, "alice2");
        let (_, list) = parsed(&encoded.chunk(&room, [listener(&renamed)]).unwrap());
        assert_eq!(list[0].user.username, "alice2");
        let mut followed = listener(&renamed);
        followed.followed_by_speakers = true;
        let (_, list) = parsed(&encoded.chunk(&room, [followed]).unwrap());
        assert!(list[0].followed_by_speakers);
        assert_eq!(encoded.cached(), 1);
    }

    #[test]
    fn members_who_left_are_trimmed_once_the_cache_is_big() {
        let room = RoomId("r".into());
        let users: Vec<_> = (0..200).map(|i| user(i, "x")).collect();
        let mut encoded = EncodedAudience::default();
        encoded.chunk(&room, users.iter().map(listener)).unwrap();
        encoded.trim(100, |u| u.0 < 10);
        assert_eq!(encoded.cached(), 200, "not yet more than 2 × members + 64");
        encoded.trim(10, |u| u.0 < 10);
        assert_eq!(encoded.cached(), 10);
    }
}
