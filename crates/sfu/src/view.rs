//! A receiver's view of the room's virtual slots: which virtual slot each of its physical receive
//! slots carries.
//!
//! The room has `K + 1` virtual slots (`K` = [`AUDIO_SLOTS`]). For a receiver that holds virtual
//! slot `j < K`, physical slot `j` carries virtual slot `K` (it would otherwise carry the
//! receiver's own voice) and every other physical slot `i` carries virtual slot `i`. For anyone
//! else (holding virtual slot `K`, or no slot), physical slot `i` carries virtual slot `i` and
//! virtual slot `K` is not received. So everyone hears up to `K` speakers other than themself.
//!
//! [`physical_slot`] is the rule, used per packet by the forwarding path (O(1));
//! [`receiver_slots`] applies it to a whole slot list for the service.

use stoa_proto::{UserId, AUDIO_SLOTS};

/// The physical receive slot on which virtual slot `source` reaches a receiver that holds virtual
/// slot `receiver` (`None`: holds none). `None` if that receiver does not get `source` at all
/// (its own slot, or slot `K` for a receiver that holds no lower slot).
pub fn physical_slot(source: usize, receiver: Option<usize>) -> Option<usize> {
    if Some(source) == receiver {
        return None;
    }
    if source < AUDIO_SLOTS {
        Some(source)
    } else if source == AUDIO_SLOTS {
        receiver.filter(|&j| j < AUDIO_SLOTS)
    } else {
        None
    }
}

/// `receiver`'s physical slot view (length [`AUDIO_SLOTS`]): index `i` is who `receiver` hears on
/// receive slot `i`, computed from the room's virtual slot list (as in
/// [`crate::SfuEvent::Slots`]). Never contains `receiver`.
pub fn receiver_slots(room_slots: &[Option<UserId>], receiver: UserId) -> Vec<Option<UserId>> {
    let mine = room_slots.iter().position(|u| *u == Some(receiver));
    let mut view = vec![None; AUDIO_SLOTS];
    for (v, user) in room_slots.iter().enumerate() {
        if *user == Some(receiver) {
            continue;
        }
        if let Some(p) = physical_slot(v, mine) {
            view[p] = *user;
        }
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    const K: usize = AUDIO_SLOTS;

    fn room(users: &[Option<i64>]) -> Vec<Option<UserId>> {
        users.iter().map(|u| u.map(UserId)).collect()
    }

    fn view(slots: &[Option<UserId>], r: i64) -> Vec<Option<i64>> {
        receiver_slots(slots, UserId(r))
            .into_iter()
            .map(|u| u.map(|u| u.0))
            .collect()
    }

    #[test]
    fn holder_of_j_gets_the_last_slot_speaker_in_j() {
        let full = room(&[Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(view(&full, 1), [Some(4), Some(2), Some(3)]);
        assert_eq!(view(&full, 2), [Some(1), Some(4), Some(3)]);
        assert_eq!(view(&full, 3), [Some(1), Some(2), Some(4)]);
        // An empty last slot leaves the holder's own physical slot silent.
        let three = room(&[Some(1), Some(2), Some(3), None]);
        assert_eq!(view(&three, 2), [Some(1), None, Some(3)]);
    }

    #[test]
    fn non_holders_get_slots_0_to_k() {
        let full = room(&[Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(view(&full, 9), [Some(1), Some(2), Some(3)], "listener");
        assert_eq!(
            view(&full, 4),
            [Some(1), Some(2), Some(3)],
            "last slot holder"
        );
        assert_eq!(
            view(&room(&[None, Some(2), None, None]), 9),
            [None, Some(2), None]
        );
        assert_eq!(view(&[], 9), [None, None, None]);
    }

    #[test]
    fn never_sees_itself_and_hears_k_others() {
        let full = room(&[Some(1), Some(2), Some(3), Some(4)]);
        for r in 1..=5 {
            let v = view(&full, r);
            assert_eq!(v.len(), K);
            assert!(!v.contains(&Some(r)), "{r} sees itself: {v:?}");
            assert_eq!(v.iter().flatten().count(), K, "{r}: {v:?}");
        }
        // Even from a malformed list with the receiver twice.
        let twice = room(&[Some(1), Some(2), Some(1), Some(4)]);
        assert!(!view(&twice, 1).contains(&Some(1)));
    }

    #[test]
    fn physical_slot_rule() {
        assert_eq!(physical_slot(0, None), Some(0));
        assert_eq!(physical_slot(K, None), None);
        assert_eq!(physical_slot(K, Some(K)), None);
        assert_eq!(physical_slot(K, Some(1)), Some(1));
        assert_eq!(physical_slot(1, Some(1)), None);
        assert_eq!(physical_slot(2, Some(1)), Some(2));
        assert_eq!(physical_slot(K + 1, None), None);
    }
}
