//! Which publisher is forwarded on which *virtual* slot of a room.
//!
//! A room has [`VIRTUAL_SLOTS`] = `AUDIO_SLOTS + 1` virtual slots; how they map onto each
//! receiver's `AUDIO_SLOTS` physical receive slots is [`crate::view`]'s job.
//!
//! Rules, in order:
//! 1. A holder that is no longer a candidate (not allowed, gone, or silent for long) frees its slot.
//!    If that leaves a lower slot free while the last virtual slot (`AUDIO_SLOTS`, which pure
//!    listeners do not receive) is held, its holder moves down into the free slot.
//! 2. A candidate that is not in a slot gets the lowest free slot at once (so the first packet
//!    flows).
//! 3. When all slots are taken, an unslotted candidate replaces the quietest holder only if it is
//!    louder by [`SWITCH_MARGIN`] and that holder has held its slot for [`MIN_HOLD`] (hysteresis:
//!    slots don't flap). Holders are sticky: a speaker keeps its slot index.

use std::time::{Duration, Instant};

use stoa_proto::{UserId, AUDIO_SLOTS};

/// Loudness advantage (dB) a challenger needs over the quietest holder to take its slot.
pub const SWITCH_MARGIN: f32 = 8.0;
/// Minimum time a holder keeps its slot before it can be replaced.
pub const MIN_HOLD: Duration = Duration::from_millis(1000);
/// Virtual slots per room: one more than the physical receive slots, so that a speaker (who never
/// receives themself) still hears `AUDIO_SLOTS` others.
pub const VIRTUAL_SLOTS: usize = AUDIO_SLOTS + 1;

/// A publisher that may occupy a slot, with its current smoothed loudness (higher is louder).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Who.
    pub user: UserId,
    /// Smoothed loudness 0..=127.
    pub loudness: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Holder {
    user: UserId,
    since: Instant,
}

/// The virtual slot map of one room.
#[derive(Debug, Clone, Default)]
pub struct SlotAllocator {
    slots: [Option<Holder>; VIRTUAL_SLOTS],
}

impl SlotAllocator {
    /// The virtual slot `user` is forwarded on, if any.
    pub fn slot_of(&self, user: UserId) -> Option<usize> {
        self.slots
            .iter()
            .position(|h| h.is_some_and(|h| h.user == user))
    }

    /// Gives `user` a free slot if there is one (rule 2). Returns the slot if it was newly assigned.
    pub fn try_assign_free(&mut self, user: UserId, now: Instant) -> Option<usize> {
        if self.slot_of(user).is_some() {
            return None;
        }
        let free = self.slots.iter().position(Option::is_none)?;
        self.slots[free] = Some(Holder { user, since: now });
        Some(free)
    }

    /// Frees `user`'s slot (and moves the last slot's holder down into it, rule 1). Returns true
    /// if it held one.
    pub fn remove(&mut self, user: UserId) -> bool {
        match self.slot_of(user) {
            Some(i) => {
                self.slots[i] = None;
                self.compact();
                true
            }
            None => false,
        }
    }

    /// Moves the holder of the last virtual slot into the lowest free slot, if there is one, so
    /// that listeners (who receive slots `0..AUDIO_SLOTS` only) hear every speaker they can.
    fn compact(&mut self) {
        if self.slots[AUDIO_SLOTS].is_none() {
            return;
        }
        if let Some(free) = self.slots[..AUDIO_SLOTS].iter().position(Option::is_none) {
            self.slots[free] = self.slots[AUDIO_SLOTS].take();
        }
    }

    /// Applies all rules against the current candidates. Returns true if the map changed.
    pub fn rebalance(&mut self, now: Instant, candidates: &[Candidate]) -> bool {
        let before = self.slots;
        // Rule 1.
        for s in self.slots.iter_mut() {
            if s.is_some_and(|h| !candidates.iter().any(|c| c.user == h.user)) {
                *s = None;
            }
        }
        self.compact();
        // Loudest first.
        let mut waiting: Vec<Candidate> = candidates
            .iter()
            .filter(|c| self.slot_of(c.user).is_none())
            .copied()
            .collect();
        waiting.sort_by(|a, b| b.loudness.total_cmp(&a.loudness));
        for c in waiting {
            // Rule 2.
            if self.try_assign_free(c.user, now).is_some() {
                continue;
            }
            // Rule 3.
            let loudness_of = |u: UserId| {
                candidates
                    .iter()
                    .find(|c| c.user == u)
                    .map_or(0.0, |c| c.loudness)
            };
            let quietest = self
                .slots
                .iter()
                .enumerate()
                .filter_map(|(i, h)| h.map(|h| (i, h)))
                .filter(|(_, h)| now.saturating_duration_since(h.since) >= MIN_HOLD)
                .min_by(|a, b| loudness_of(a.1.user).total_cmp(&loudness_of(b.1.user)));
            if let Some((i, h)) = quietest {
                if c.loudness > loudness_of(h.user) + SWITCH_MARGIN {
                    self.slots[i] = Some(Holder {
                        user: c.user,
                        since: now,
                    });
                }
            }
        }
        self.slots != before
    }

    /// The virtual slot map (length [`VIRTUAL_SLOTS`]): index `i` is virtual slot `i`.
    pub fn snapshot(&self) -> Vec<Option<UserId>> {
        self.slots.iter().map(|h| h.map(|h| h.user)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(user: i64, loudness: f32) -> Candidate {
        Candidate {
            user: UserId(user),
            loudness,
        }
    }

    fn users(s: &SlotAllocator) -> Vec<Option<i64>> {
        s.snapshot().into_iter().map(|u| u.map(|u| u.0)).collect()
    }

    #[test]
    fn free_slots_fill_in_order_and_are_sticky() {
        let t0 = Instant::now();
        let mut s = SlotAllocator::default();
        assert_eq!(s.try_assign_free(UserId(1), t0), Some(0));
        assert_eq!(s.try_assign_free(UserId(1), t0), None, "already slotted");
        assert_eq!(s.try_assign_free(UserId(2), t0), Some(1));
        // 2 gets louder than 1: nobody moves, there is no competition.
        assert!(!s.rebalance(t0, &[c(1, 10.0), c(2, 120.0)]));
        assert_eq!(users(&s), [Some(1), Some(2), None, None]);
    }

    #[test]
    fn there_is_one_more_virtual_slot_than_receive_slots() {
        let t0 = Instant::now();
        let mut s = SlotAllocator::default();
        for u in 0..VIRTUAL_SLOTS {
            assert_eq!(s.try_assign_free(UserId(u as i64), t0), Some(u));
        }
        assert_eq!(s.try_assign_free(UserId(99), t0), None, "all taken");
        assert_eq!(s.snapshot().len(), AUDIO_SLOTS + 1);
    }

    #[test]
    fn leaving_candidates_free_their_slot_and_others_keep_theirs() {
        let t0 = Instant::now();
        let mut s = SlotAllocator::default();
        assert!(s.rebalance(t0, &[c(1, 90.0), c(2, 80.0), c(3, 70.0)]));
        assert_eq!(users(&s), [Some(1), Some(2), Some(3), None]);
        assert!(s.rebalance(t0, &[c(1, 90.0), c(3, 70.0)]));
        assert_eq!(users(&s), [Some(1), None, Some(3), None]);
        assert!(s.remove(UserId(3)));
        assert!(!s.remove(UserId(3)));
        assert_eq!(users(&s), [Some(1), None, None, None]);
    }

    #[test]
    fn last_slot_holder_moves_down_when_a_lower_slot_frees() {
        let t0 = Instant::now();
        let mut s = SlotAllocator::default();
        let all = [c(1, 90.0), c(2, 80.0), c(3, 70.0), c(4, 60.0)];
        assert!(s.rebalance(t0, &all));
        assert_eq!(users(&s), [Some(1), Some(2), Some(3), Some(4)]);
        // 2 goes silent: 4 moves from the last slot (listeners don't get it) into slot 1.
        assert!(s.rebalance(t0, &[c(1, 90.0), c(3, 70.0), c(4, 60.0)]));
        assert_eq!(users(&s), [Some(1), Some(4), Some(3), None]);
        // The same on an explicit removal.
        assert!(s.rebalance(t0, &[c(1, 90.0), c(3, 70.0), c(4, 60.0), c(5, 50.0)]));
        assert_eq!(users(&s), [Some(1), Some(4), Some(3), Some(5)]);
        assert!(s.remove(UserId(1)));
        assert_eq!(users(&s), [Some(5), Some(4), Some(3), None]);
        // Removing the last slot's holder moves nobody.
        assert!(s.try_assign_free(UserId(6), t0).is_some());
        assert!(s.remove(UserId(6)));
        assert_eq!(users(&s), [Some(5), Some(4), Some(3), None]);
    }

    #[test]
    fn moved_holder_keeps_its_hold_protection() {
        let t0 = Instant::now();
        let mut s = SlotAllocator::default();
        s.rebalance(t0, &[c(1, 90.0), c(2, 80.0), c(3, 70.0)]);
        let t1 = t0 + Duration::from_millis(600);
        s.rebalance(t1, &[c(1, 90.0), c(2, 80.0), c(3, 70.0), c(4, 30.0)]);
        s.remove(UserId(1));
        assert_eq!(users(&s), [Some(4), Some(2), Some(3), None]);
        s.try_assign_free(UserId(5), t1);
        // At t0 + MIN_HOLD, 4 (in slot 0 since t1 only) is still protected though quietest.
        let crowd = [c(2, 80.0), c(3, 70.0), c(4, 30.0), c(5, 75.0), c(6, 120.0)];
        assert!(s.rebalance(t0 + MIN_HOLD, &crowd));
        assert_eq!(users(&s), [Some(4), Some(2), Some(6), Some(5)]);
    }

    #[test]
    fn loudest_take_the_slots_when_crowded() {
        let t0 = Instant::now();
        let mut s = SlotAllocator::default();
        s.rebalance(
            t0,
            &[
                c(1, 10.0),
                c(2, 100.0),
                c(3, 50.0),
                c(4, 90.0),
                c(5, 5.0),
                c(6, 30.0),
            ],
        );
        let mut got: Vec<i64> = users(&s).into_iter().flatten().collect();
        got.sort();
        assert_eq!(got, [2, 3, 4, 6]);
    }

    #[test]
    fn challenger_needs_margin_and_holder_min_hold() {
        let t0 = Instant::now();
        let mut s = SlotAllocator::default();
        s.rebalance(t0, &[c(1, 80.0), c(2, 70.0), c(3, 60.0), c(5, 65.0)]);
        assert_eq!(
            users(&s),
            [Some(1), Some(2), Some(5), Some(3)],
            "loudest first"
        );
        let crowd = |four: f32| [c(1, 80.0), c(2, 70.0), c(3, 60.0), c(5, 65.0), c(4, four)];
        // Too early: holders are protected by MIN_HOLD however loud the challenger is.
        assert!(!s.rebalance(t0 + Duration::from_millis(500), &crowd(127.0)));
        let later = t0 + MIN_HOLD;
        // Louder, but not by the margin: no flap.
        assert!(!s.rebalance(later, &crowd(60.0 + SWITCH_MARGIN - 1.0)));
        // Clearly louder: replaces the quietest holder (3) in its slot index.
        assert!(s.rebalance(later, &crowd(60.0 + SWITCH_MARGIN + 1.0)));
        assert_eq!(users(&s), [Some(1), Some(2), Some(5), Some(4)]);
        // The old holder getting slightly louder again does not flap it back right away.
        assert!(!s.rebalance(
            later + Duration::from_millis(10),
            &[c(1, 80.0), c(2, 70.0), c(3, 72.0), c(5, 65.0), c(4, 68.0)]
        ));
    }
}
