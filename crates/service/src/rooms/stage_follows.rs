//! Whom the people on a room's stage follow, kept by the room task.
//!
//! Each stage member's followees are loaded once when they get on stage and dropped when they
//! leave it. From them come two facts: "followed by the speakers" (someone on stage follows this
//! participant; the audience list shows them first) and the moderators' followees (who a social
//! room lets in, as the hallway sees it).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use stoa_proto::UserId;

/// Followee sets of the members on stage and the unions built from them.
#[derive(Debug, Default)]
pub(crate) struct StageFollows {
    /// Followees of each member on stage.
    by_member: HashMap<UserId, Arc<HashSet<UserId>>>,
    /// The stage and moderators the unions were built for.
    stage: Vec<UserId>,
    moderators: Vec<UserId>,
    /// Everyone followed by someone on stage.
    stage_union: HashSet<UserId>,
    /// Everyone followed by a moderator.
    moderator_union: Arc<HashSet<UserId>>,
}

impl StageFollows {
    /// Whether the unions are already built for this stage and these moderators.
    pub fn is_current(&self, stage: &[UserId], moderators: &[UserId]) -> bool {
        self.stage == stage && self.moderators == moderators
    }

    /// The members of `stage` whose followees are not loaded yet.
    pub fn missing(&self, stage: &[UserId]) -> Vec<UserId> {
        stage
            .iter()
            .filter(|user| !self.by_member.contains_key(user))
            .copied()
            .collect()
    }

    /// Takes a new stage: keeps the sets of members still on it, adds `loaded`, drops the rest
    /// and rebuilds the unions. Returns the members whose "followed by the speakers" changed, in
    /// id order.
    pub fn apply(
        &mut self,
        stage: &[UserId],
        moderators: &[UserId],
        loaded: Vec<(UserId, Arc<HashSet<UserId>>)>,
    ) -> Vec<UserId> {
        self.by_member.extend(loaded);
        self.by_member.retain(|user, _| stage.contains(user));
        self.stage = stage.to_vec();
        self.moderators = moderators.to_vec();
        self.rebuild()
    }

    /// Replaces the followees of `user` if they are on stage (their follows changed); returns
    /// the members whose "followed by the speakers" changed, or `None` if `user` is not on stage.
    pub fn replace(
        &mut self,
        user: UserId,
        followees: Arc<HashSet<UserId>>,
    ) -> Option<Vec<UserId>> {
        let slot = self.by_member.get_mut(&user)?;
        *slot = followees;
        Some(self.rebuild())
    }

    /// Whether the followees of `user` are kept (they are on stage).
    pub fn tracks(&self, user: UserId) -> bool {
        self.by_member.contains_key(&user)
    }

    /// Rebuilds both unions; returns the members whose "followed by the speakers" changed.
    fn rebuild(&mut self) -> Vec<UserId> {
        let union = |members: &[UserId]| -> HashSet<UserId> {
            members
                .iter()
                .filter_map(|user| self.by_member.get(user))
                .flat_map(|set| set.iter().copied())
                .collect()
        };
        let stage_union = union(&self.stage);
        let moderator_union = union(&self.moderators);
        let mut changed: Vec<UserId> = stage_union
            .symmetric_difference(&self.stage_union)
            .copied()
            .collect();
        changed.sort();
        self.stage_union = stage_union;
        if *self.moderator_union != moderator_union {
            self.moderator_union = Arc::new(moderator_union);
        }
        changed
    }

    /// Someone on stage follows `user`.
    pub fn followed_by_stage(&self, user: UserId) -> bool {
        self.stage_union.contains(&user)
    }

    /// Everyone a moderator follows (shared; replaced, never changed in place).
    pub fn moderator_followees(&self) -> Arc<HashSet<UserId>> {
        self.moderator_union.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[i64]) -> Vec<UserId> {
        list.iter().copied().map(UserId).collect()
    }

    fn set(list: &[i64]) -> Arc<HashSet<UserId>> {
        Arc::new(ids(list).into_iter().collect())
    }

    #[test]
    fn unions_follow_the_stage_and_report_changes() {
        let mut follows = StageFollows::default();
        assert_eq!(follows.missing(&ids(&[1])), ids(&[1]));
        let changed = follows.apply(&ids(&[1]), &ids(&[1]), vec![(UserId(1), set(&[10, 11]))]);
        assert_eq!(changed, ids(&[10, 11]));
        assert!(follows.followed_by_stage(UserId(10)));
        assert_eq!(*follows.moderator_followees(), *set(&[10, 11]));
        assert!(follows.is_current(&ids(&[1]), &ids(&[1])));

        // A speaker comes up: only their new followees change.
        let stage = ids(&[1, 2]);
        assert_eq!(follows.missing(&stage), ids(&[2]));
        assert!(!follows.is_current(&stage, &ids(&[1])));
        let changed = follows.apply(&stage, &ids(&[1]), vec![(UserId(2), set(&[11, 12]))]);
        assert_eq!(changed, ids(&[12]));
        assert!(follows.followed_by_stage(UserId(12)));
        assert!(
            !follows.moderator_followees().contains(&UserId(12)),
            "a speaker is not a moderator"
        );

        // The speaker becomes a moderator: nothing changes for the audience flag.
        let changed = follows.apply(&stage, &stage, Vec::new());
        assert!(changed.is_empty());
        assert!(follows.moderator_followees().contains(&UserId(12)));

        // The first moderator leaves the stage: their set is dropped.
        let changed = follows.apply(&ids(&[2]), &ids(&[2]), Vec::new());
        assert_eq!(changed, ids(&[10]));
        assert!(!follows.followed_by_stage(UserId(10)));
        assert!(follows.followed_by_stage(UserId(11)));
        assert_eq!(follows.missing(&ids(&[1, 2])), ids(&[1]));
    }

    #[test]
    fn replacing_a_stage_members_follows_updates_the_unions() {
        let mut follows = StageFollows::default();
        follows.apply(
            &ids(&[1, 2]),
            &ids(&[1]),
            vec![(UserId(1), set(&[5])), (UserId(2), set(&[6]))],
        );
        assert!(follows.tracks(UserId(1)));
        assert_eq!(follows.replace(UserId(1), set(&[5, 7])), Some(ids(&[7])));
        assert!(follows.moderator_followees().contains(&UserId(7)));
        assert_eq!(follows.replace(UserId(2), set(&[])), Some(ids(&[6])));
        assert!(!follows.followed_by_stage(UserId(6)));
        assert_eq!(follows.replace(UserId(3), set(&[6])), None, "not on stage");
        assert!(!follows.tracks(UserId(3)));
    }

    #[test]
    fn an_unchanged_moderator_union_keeps_its_arc() {
        let mut follows = StageFollows::default();
        follows.apply(&ids(&[1]), &ids(&[1]), vec![(UserId(1), set(&[5]))]);
        let before = follows.moderator_followees();
        follows.apply(&ids(&[1, 2]), &ids(&[1]), vec![(UserId(2), set(&[6]))]);
        assert!(Arc::ptr_eq(&before, &follows.moderator_followees()));
    }
}
