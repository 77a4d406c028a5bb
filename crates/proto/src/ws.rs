//! Messages on the signaling WebSocket `/api/ws`. Every message is one JSON text frame with a
//! `type` field in snake_case. See `docs/protocol.md` for the sequence.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clubs::ClubRef;
use crate::error::ErrorCode;
use crate::ids::{RoomId, RoomKind, RoomRole, UserId};
use crate::moderation::{ModLogEntry, PinnedLink, Reaction};
use crate::rest::{FriendsOnline, Hallway, Notification, UserSummary};

/// Client → server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum ClientMessage {
    /// Enter a room (into the audience, or back into one's previous role after a reconnect).
    /// Answered by `room_state`. Being in another room leaves it.
    JoinRoom { room_id: RoomId },
    /// Leave the current room.
    LeaveRoom,
    /// Start (or restart) the media connection for the current room. Answered by `answer`.
    /// The offer must carry one audio m-line the client sends on (its microphone) followed by
    /// `AUDIO_SLOTS` receive-only audio m-lines.
    Offer { sdp: String },
    /// Audience: raise the hand.
    RaiseHand,
    /// Audience: lower the hand.
    LowerHand,
    /// Moderator: invite someone from the audience to speak.
    InviteToSpeak { user_id: UserId },
    /// Invited audience member: go on stage.
    AcceptSpeakInvite,
    /// Invited audience member: stay in the audience.
    DeclineSpeakInvite,
    /// Moderator: move a speaker back to the audience. Anyone on stage may move themselves.
    MoveToAudience { user_id: UserId },
    /// Moderator: mute a speaker (who may unmute again).
    Mute { user_id: UserId },
    /// On stage: mute or unmute oneself.
    SetMuted { muted: bool },
    /// Moderator: remove someone from the room; they cannot rejoin it.
    Remove { user_id: UserId },
    /// Moderator: make a speaker a moderator.
    MakeModerator { user_id: UserId },
    /// Anyone in the room: send a reaction to everyone (rate-limited per member; over the limit
    /// answers `rate_limited`).
    React { reaction: Reaction },
    /// Moderator: pin an `http(s)` link for everyone in the room (replaces the previous one).
    PinLink {
        url: String,
        #[serde(default)]
        title: String,
    },
    /// Moderator: remove the pinned link.
    UnpinLink,
}

/// One person in a room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Participant {
    /// Who.
    pub user: UserSummary,
    /// Their role.
    pub role: RoomRole,
    /// Muted (always true in the audience).
    pub muted: bool,
    /// Hand raised (audience only).
    pub hand_raised: bool,
    /// A moderator invited them to speak and they have not answered yet.
    pub speak_invited: bool,
    /// Their connection is up (false during a reconnect grace period).
    pub connected: bool,
    /// Someone on stage follows them (the audience list shows these first).
    #[serde(default)]
    pub followed_by_speakers: bool,
}

/// The full state of a room, sent on join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoomSnapshot {
    /// Id.
    pub id: RoomId,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: RoomKind,
    /// Everyone in the room, in order of joining.
    pub participants: Vec<Participant>,
    /// Who is in which receive slot: index `i` is the `i`-th receive-only m-line of the offer.
    pub slots: Vec<Option<UserId>>,
    /// Who is speaking right now (voice activity).
    pub speaking: Vec<UserId>,
    /// The link a moderator pinned.
    #[serde(default)]
    pub pinned_link: Option<PinnedLink>,
    /// The club the room belongs to.
    #[serde(default)]
    pub club: Option<ClubRef>,
    /// Only the club's members may join.
    #[serde(default)]
    pub members_only: bool,
}

/// One entry of `RTCConfiguration.iceServers`: STUN/TURN URLs and the credentials for them.
/// TURN credentials follow coturn's `use-auth-secret` scheme: `username` is
/// `<unix expiry>:<user id>`, `credential` is `base64(HMAC-SHA1(secret, username))`; they stop
/// working at the expiry (a fresh `room_state` brings new ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IceServer {
    /// E.g. `turn:turn.example.org:3478?transport=udp`, `turns:turn.example.org:5349?transport=tcp`.
    pub urls: Vec<String>,
    /// TURN username (absent for STUN-only entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub username: Option<String>,
    /// TURN password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub credential: Option<String>,
}

/// Why someone left a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LeaveReason {
    /// They left.
    Left,
    /// A moderator removed them.
    Removed,
    /// Their connection did not come back in time.
    Disconnected,
    /// The room ended.
    RoomEnded,
    /// A site admin suspended the member.
    Suspended,
}

/// Server → client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum ServerMessage {
    /// First message after connecting.
    Hello { user: UserSummary },
    /// The live rooms; sent on connect and whenever they change.
    Hallway { hallway: Hallway },
    /// You are in this room; the full state, and the ICE servers to build the media connection
    /// with (its `offer` follows).
    RoomState {
        room: RoomSnapshot,
        /// STUN/TURN servers for `RTCPeerConnection({iceServers})`, with short-lived
        /// credentials; empty when the server has no TURN configured.
        #[serde(default)]
        ice_servers: Vec<IceServer>,
    },
    /// Someone joined or their state changed.
    ParticipantUpdated {
        room_id: RoomId,
        participant: Participant,
    },
    /// Several audience members joined or changed (coalesced, sent within ~100 ms).
    ParticipantsUpdated {
        room_id: RoomId,
        participants: Vec<Participant>,
    },
    /// Someone left the room.
    ParticipantLeft {
        room_id: RoomId,
        user_id: UserId,
        reason: LeaveReason,
    },
    /// A moderator invited you to speak: answer with `accept_speak_invite` or
    /// `decline_speak_invite`.
    SpeakInvite { room_id: RoomId, by: UserSummary },
    /// Who is in which receive slot changed.
    Slots {
        room_id: RoomId,
        slots: Vec<Option<UserId>>,
    },
    /// Who is speaking right now changed.
    Speaking {
        room_id: RoomId,
        user_ids: Vec<UserId>,
    },
    /// SDP answer to your `offer`.
    Answer { sdp: String },
    /// You are no longer in the room.
    LeftRoom {
        room_id: RoomId,
        reason: LeaveReason,
    },
    /// The room ended.
    RoomEnded { room_id: RoomId },
    /// This session was replaced by a newer connection of the same member to the same room.
    Replaced,
    /// A moderator changed who may join the room.
    RoomKindChanged { room_id: RoomId, kind: RoomKind },
    /// No moderator came back within the host grace period: the room was handed over and `to`
    /// (the longest-standing connected speaker) moderates it now. Sent to everyone in the room.
    HostHandedOver { room_id: RoomId, to: UserSummary },
    /// A new notification; `unread` is the new unread count.
    Notification {
        notification: Notification,
        unread: u32,
    },
    /// The unread count changed (e.g. marked read on another device).
    UnreadCount { unread: u32 },
    /// These notifications no longer apply and were deleted (e.g. a speak invitation once
    /// answered, or its room over): drop them from the list; `unread` is the new unread count.
    NotificationsRemoved {
        #[ts(type = "Array<number>")]
        ids: Vec<i64>,
        unread: u32,
    },
    /// Followed members online now; sent on connect and whenever it changes.
    FriendsOnline { friends: FriendsOnline },
    /// Someone in the room reacted.
    Reaction {
        room_id: RoomId,
        user_id: UserId,
        reaction: Reaction,
    },
    /// The pinned link changed (`null`: unpinned).
    PinnedLinkChanged {
        room_id: RoomId,
        link: Option<PinnedLink>,
    },
    /// A new moderation log entry (sent to the room's moderators only).
    ModLogEntry { entry: ModLogEntry },
    /// A command failed. Flat, unlike REST's `{error: {code, message}}`; `id` is the refused
    /// command's own `id` when it carried one.
    Error {
        code: ErrorCode,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        id: Option<CommandId>,
    },
}

/// A client's own label for a command: any JSON integer or a string of at most
/// [`CommandId::MAX_CHARS`] characters, sent as `id` beside `type`. The server echoes it in the
/// `error` the command causes, so a client can tell which command failed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum CommandId {
    /// A number.
    Number(#[ts(type = "number")] i64),
    /// A string.
    Text(String),
}

impl CommandId {
    /// Longest accepted string id, in characters.
    pub const MAX_CHARS: usize = 64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_messages_use_snake_case_tags() {
        let msg: ClientMessage =
            serde_json::from_str(r#"{"type":"invite_to_speak","user_id":7}"#).unwrap();
        assert_eq!(msg, ClientMessage::InviteToSpeak { user_id: UserId(7) });
        let text = serde_json::to_string(&ClientMessage::SetMuted { muted: true }).unwrap();
        assert_eq!(text, r#"{"type":"set_muted","muted":true}"#);
    }

    #[test]
    fn unknown_message_type_is_rejected() {
        assert!(serde_json::from_str::<ClientMessage>(r#"{"type":"become_admin"}"#).is_err());
    }
}
