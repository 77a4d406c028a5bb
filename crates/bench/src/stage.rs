//! The stage of the bench room: the first member creates the room and speaks; the others are
//! invited to speak and accept over signaling; each sends a real Opus tone whose frames are
//! logged in the [`SendLog`]. Optionally one audience member also sends a tone (which the SFU
//! must drop).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use stoa_client::{ApiClient, AudioSource, MediaSession, Signaling};
use stoa_proto::ws::{ClientMessage, ServerMessage};
use stoa_proto::{RoomId, RoomKind, RoomRole};

use crate::counting::SendLog;
use crate::seed::Member;

/// Signaling round-trip timeout.
pub const T: Duration = Duration::from_secs(20);

/// A connected media sender and its signaling connection.
pub struct Sender {
    /// Its WebSocket (kept open: closing it would leave the room).
    pub ws: Signaling,
    /// Its media connection.
    pub media: MediaSession,
}

/// The room and its speakers.
pub struct Stage {
    /// The room.
    pub room: RoomId,
    /// Speakers, the room creator first.
    pub speakers: Vec<Sender>,
}

fn tone(i: usize) -> AudioSource {
    AudioSource::tone(440.0 + 110.0 * i as f32)
}

/// Creates the room with `members[0]` and brings every member of `members` on stage.
pub async fn build(base: &str, members: &[Member], log: &Arc<SendLog>) -> anyhow::Result<Stage> {
    let host = members.first().context("no speaker")?;
    let api = ApiClient::new(base).with_token(host.token.clone());
    let room = api.create_room("bench", RoomKind::Open).await?.id;
    let mut host_ws = api.signaling().await?;
    host_ws.join_room(&room, T).await?;
    let media = MediaSession::connect_with(&mut host_ws, tone(0), SendLog::options_for(log, 0))
        .await
        .context("host media")?;
    let mut speakers = vec![Sender { ws: host_ws, media }];
    for (i, member) in members.iter().enumerate().skip(1) {
        let mut ws = Signaling::connect(base, &member.token).await?;
        let id = ws.hello(T).await?;
        ws.join_room(&room, T).await?;
        let host = &mut speakers[0].ws;
        host.send(&ClientMessage::InviteToSpeak { user_id: id })
            .await?;
        ws.wait_for(|m| matches!(m, ServerMessage::SpeakInvite { .. }), T)
            .await
            .context("speak invite")?;
        ws.send(&ClientMessage::AcceptSpeakInvite).await?;
        // A new speaker comes on stage muted: unmute, as a speaker about to talk does.
        ws.send(&ClientMessage::SetMuted { muted: false }).await?;
        host.wait_for(
            |m| {
                matches!(m, ServerMessage::ParticipantUpdated { participant, .. }
                if participant.user.id == id && participant.role == RoomRole::Speaker
                    && !participant.muted)
            },
            T,
        )
        .await
        .context("speaker on stage, unmuted")?;
        let media = MediaSession::connect_with(&mut ws, tone(i), SendLog::options_for(log, i))
            .await
            .with_context(|| format!("speaker {i} media"))?;
        speakers.push(Sender { ws, media });
    }
    for s in &mut speakers {
        s.media
            .wait_connected(T)
            .await
            .context("speaker media connection")?;
        s.ws.set_quiet();
    }
    Ok(Stage { room, speakers })
}

/// An audience member who sends a tone anyway, logged as sender `index`.
pub async fn audience_sender(
    base: &str,
    member: &Member,
    room: &RoomId,
    log: &Arc<SendLog>,
    index: usize,
) -> anyhow::Result<Sender> {
    let mut ws = Signaling::connect(base, &member.token).await?;
    ws.join_room(room, T).await?;
    let media = MediaSession::connect_with(
        &mut ws,
        AudioSource::tone(1000.0),
        SendLog::options_for(log, index),
    )
    .await?;
    media.wait_connected(T).await?;
    ws.set_quiet();
    Ok(Sender { ws, media })
}

impl Stage {
    /// Frames the speakers have written so far.
    pub fn frames_sent(&self) -> u64 {
        self.speakers.iter().map(|s| s.media.frames_sent()).sum()
    }
}
