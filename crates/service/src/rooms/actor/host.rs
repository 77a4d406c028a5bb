//! Keeping a room alive through its host's dropped connection, and suspensions.
//!
//! When a moderator's connection drops and no moderator with a live connection remains while
//! someone connected is on stage, the room waits the host grace period
//! (`ServiceConfig::host_grace`) for a moderator to come back. Meanwhile disconnected
//! moderators are held past their reconnect grace. If none is back when it runs out, the
//! longest-standing connected speaker becomes a moderator (`host_handed_over` in the mod log)
//! and the held moderators leave. Every timer runs on the service clock.

use stoa_proto::moderation::ModAction;
use stoa_proto::ws::LeaveReason;
use stoa_proto::UserId;
use stoa_room::{Command, Effect};

use super::RoomTask;
use crate::rooms::messages::RoomMsg;

impl RoomTask {
    /// Marks a member as disconnected and starts their grace timer, counted from now: a member
    /// who came back and dropped again gets a whole grace period from the later drop.
    pub(crate) fn mark_disconnected(&mut self, user: UserId) {
        let _ = self.room.handle(Command::SetConnected {
            user,
            connected: false,
        });
        self.extras.grace_epoch += 1;
        let epoch = self.extras.grace_epoch;
        self.disconnect_epoch.insert(user, epoch);
        let grace = self.stoa.config().reconnect_grace;
        self.wake_after(grace, RoomMsg::GraceExpired { user, epoch });
    }

    /// Sends `msg` to the room once `delay` has passed on the service clock. The timer ends
    /// with the room (or the server).
    fn wake_after(&self, delay: std::time::Duration, msg: RoomMsg) {
        let (tx, clock) = (self.tx.clone(), self.stoa.config().clock.clone());
        let due = clock.now() + chrono::Duration::from_std(delay).unwrap_or_default();
        let lifetime = self.lifetime.clone();
        self.stoa
            .background()
            .spawn_until("room timer", lifetime, async move {
                clock.sleep_until(due).await;
                let _ = tx.send(msg);
            });
    }

    /// `user`'s reconnect grace started at `epoch` ran out: unless they came back (or a
    /// running host grace holds them), they leave.
    pub(super) async fn grace_expired(&mut self, user: UserId, epoch: u64) {
        let current = self.disconnect_epoch.get(&user).copied();
        if current == Some(epoch) && !self.links.contains_key(&user) && !self.hold_past_grace(user)
        {
            let leave = Command::Leave {
                user,
                reason: LeaveReason::Disconnected,
            };
            if let Ok(effects) = self.room.handle(leave) {
                self.after(effects).await;
            }
        }
    }

    /// After a connection dropped: starts the host grace period if the room has no connected
    /// moderator left but someone connected on stage.
    pub(super) fn maybe_start_host_grace(&mut self) {
        if self.extras.host_grace_running || self.room.has_connected_moderator() {
            return;
        }
        if !self.room.stage().any(|(_, m)| m.connected) {
            return;
        }
        self.extras.host_epoch += 1;
        self.extras.host_grace_running = true;
        let epoch = self.extras.host_epoch;
        tracing::info!(room = %self.id, "no moderator connected: host grace started");
        let grace = self.stoa.config().host_grace;
        self.wake_after(grace, RoomMsg::HostGraceExpired { epoch });
    }

    /// Whether `user`'s reconnect grace running out must wait for the host grace period.
    fn hold_past_grace(&mut self, user: UserId) -> bool {
        let moderator = self.room.member(user).is_some_and(|m| m.is_moderator());
        if self.extras.host_grace_running && moderator {
            self.extras.held.insert(user);
            return true;
        }
        false
    }

    /// A member came back: they are no longer held.
    pub(super) fn reconnected(&mut self, user: UserId) {
        self.extras.held.remove(&user);
    }

    /// The host grace period ran out: hand the room over if still nobody moderates it, then let
    /// the held moderators go.
    pub(super) async fn host_grace_expired(&mut self, epoch: u64) {
        if epoch != self.extras.host_epoch || !self.extras.host_grace_running {
            return;
        }
        self.extras.host_grace_running = false;
        if let Ok(effects) = self.room.handle(Command::HandOver) {
            let target = effects.iter().find_map(|e| match e {
                Effect::Updated(user) => Some(*user),
                _ => None,
            });
            self.after(effects).await;
            tracing::info!(room = %self.id, ?target, "host handed over");
            if let Some(to) = target {
                self.announce_hand_over(to);
            }
            self.log(None, ModAction::HostHandedOver, target, None);
        }
        let held: Vec<UserId> = self.extras.held.drain().collect();
        for user in held {
            if self.links.contains_key(&user) || self.room.is_ended() {
                continue;
            }
            let leave = Command::Leave {
                user,
                reason: LeaveReason::Disconnected,
            };
            if let Ok(effects) = self.room.handle(leave) {
                self.after(effects).await;
            }
        }
    }

    /// A site admin (`by`) suspended `user`: out of the room at once, logged.
    pub(super) async fn eject(&mut self, user: UserId, by: Option<UserId>) {
        let Ok(effects) = self.room.handle(Command::Suspend { target: user }) else {
            return;
        };
        self.disconnect_epoch.remove(&user);
        self.extras.held.remove(&user);
        self.after(effects).await;
        // Logged even when the room ended with it: the log outlives the room.
        self.log(by, ModAction::Suspended, Some(user), None);
    }
}
