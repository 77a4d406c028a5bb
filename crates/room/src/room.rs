//! The [`Room`] type: its state, read-only queries, and the small mutations the rules use.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use stoa_proto::{RoomRole, UserId};

use crate::command::Effect;
use crate::error::RoomError;
use crate::member::Member;

/// A live room: who is in it, in which role, and whether it is over.
///
/// Change it only through [`Room::handle`](Room::handle); read it with the query methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// Everyone in the room.
    pub(crate) members: HashMap<UserId, Member>,
    /// `joined_seq` → member, for listing in join order.
    pub(crate) join_order: BTreeMap<u64, UserId>,
    /// `stage_seq` → member on stage, for listing in stage order and finding the longest-standing.
    pub(crate) stage: BTreeMap<u64, UserId>,
    /// Users removed by a moderator; they may never rejoin. Shared with [`Access`] snapshots
    /// (copied on write).
    ///
    /// [`Access`]: crate::Access
    pub(crate) removed: Arc<HashSet<UserId>>,
    /// Users admitted beyond what the room's kind allows (named or pinged); never a removed one.
    /// Shared like `removed`.
    pub(crate) admitted: Arc<HashSet<UserId>>,
    pub(crate) next_join_seq: u64,
    pub(crate) next_stage_seq: u64,
    pub(crate) ended: bool,
}

impl Room {
    /// Opens a room. Its creator is a connected, unmuted moderator on stage.
    pub fn new(creator: UserId) -> Room {
        let mut room = Room {
            members: HashMap::new(),
            join_order: BTreeMap::new(),
            stage: BTreeMap::new(),
            removed: Arc::default(),
            admitted: Arc::default(),
            next_join_seq: 0,
            next_stage_seq: 0,
            ended: false,
        };
        room.add_member(creator);
        room.put_on_stage(creator, RoomRole::Moderator, false);
        room
    }

    /// A member's state, if `user` is in the room.
    pub fn member(&self, user: UserId) -> Option<&Member> {
        self.members.get(&user)
    }

    /// Everyone in the room, in join order.
    pub fn members(&self) -> impl Iterator<Item = (UserId, &Member)> + '_ {
        self.join_order
            .values()
            .filter_map(|u| self.members.get(u).map(|m| (*u, m)))
    }

    /// Everyone on stage, longest-standing first.
    pub fn stage(&self) -> impl Iterator<Item = (UserId, &Member)> + '_ {
        self.stage
            .values()
            .filter_map(|u| self.members.get(u).map(|m| (*u, m)))
    }

    /// Whether the SFU may forward `user`'s audio: a member on stage and not muted.
    pub fn may_publish(&self, user: UserId) -> bool {
        self.members.get(&user).is_some_and(Member::may_publish)
    }

    /// The stage emptied and the room is over.
    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// `user` was removed by a moderator and may not rejoin.
    pub fn is_removed(&self, user: UserId) -> bool {
        self.removed.contains(&user)
    }

    /// Everyone removed by a moderator, in no particular order.
    pub fn removed(&self) -> impl Iterator<Item = UserId> + '_ {
        self.removed.iter().copied()
    }

    /// `user` was admitted (named or pinged): they may join whatever the room's kind.
    pub fn is_admitted(&self, user: UserId) -> bool {
        self.admitted.contains(&user)
    }

    /// Number of members on stage (moderators and speakers).
    pub fn stage_count(&self) -> usize {
        self.stage.len()
    }

    /// Number of members in the audience.
    pub fn audience_count(&self) -> usize {
        self.members.len() - self.stage.len()
    }

    /// Number of members in the room.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// No members at all (only after the room ended with nobody in the audience).
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Number of moderators (all on stage).
    pub fn moderator_count(&self) -> usize {
        self.stage().filter(|(_, m)| m.is_moderator()).count()
    }

    // ---- lookups used by the rules -------------------------------------------------------

    /// The member, or [`RoomError::NotInRoom`].
    pub(crate) fn get(&self, user: UserId) -> Result<&Member, RoomError> {
        self.members.get(&user).ok_or(RoomError::NotInRoom)
    }

    /// Checks that `by` is a member and a moderator.
    pub(crate) fn require_moderator(
        &self,
        by: UserId,
        what: &'static str,
    ) -> Result<(), RoomError> {
        if self.get(by)?.is_moderator() {
            Ok(())
        } else {
            Err(RoomError::Forbidden(what))
        }
    }

    /// Mutable access to a member already validated by the caller.
    pub(crate) fn get_mut(&mut self, user: UserId) -> Result<&mut Member, RoomError> {
        self.members.get_mut(&user).ok_or(RoomError::NotInRoom)
    }

    // ---- mutations used by the rules (callers validate first) ----------------------------

    /// Adds `user` as a fresh audience member at the end of the join order.
    pub(crate) fn add_member(&mut self, user: UserId) {
        let seq = self.next_join_seq;
        self.next_join_seq += 1;
        self.members.insert(user, Member::audience(seq));
        self.join_order.insert(seq, user);
    }

    /// Puts a member on stage with `role`, muted or not, at the end of the stage order.
    pub(crate) fn put_on_stage(&mut self, user: UserId, role: RoomRole, muted: bool) {
        let seq = self.next_stage_seq;
        if let Some(m) = self.members.get_mut(&user) {
            if let Some(old) = m.stage_seq {
                self.stage.remove(&old);
            }
            self.next_stage_seq += 1;
            m.go_on_stage(role, muted, seq);
            self.stage.insert(seq, user);
        }
    }

    /// Moves a member to the audience.
    pub(crate) fn put_in_audience(&mut self, user: UserId) {
        if let Some(m) = self.members.get_mut(&user) {
            if let Some(old) = m.stage_seq {
                self.stage.remove(&old);
            }
            m.go_to_audience();
        }
    }

    /// Takes a member out of the room entirely.
    pub(crate) fn drop_member(&mut self, user: UserId) {
        if let Some(m) = self.members.remove(&user) {
            self.join_order.remove(&m.joined_seq);
            if let Some(seq) = m.stage_seq {
                self.stage.remove(&seq);
            }
        }
    }

    /// After someone left the stage: end the room if the stage is empty, otherwise make sure a
    /// moderator remains by promoting the longest-standing speaker.
    pub(crate) fn settle_stage(&mut self, effects: &mut Vec<Effect>) {
        if self.stage.is_empty() {
            self.ended = true;
            effects.push(Effect::Ended);
            return;
        }
        if self.moderator_count() > 0 {
            return;
        }
        let first_speaker = self.stage().map(|(u, _)| u).next();
        if let Some(user) = first_speaker {
            if let Some(m) = self.members.get_mut(&user) {
                m.role = RoomRole::Moderator;
                effects.push(Effect::Updated(user));
            }
        }
    }
}
