//! Waiting for what a room tells its members.

use stoa_proto::ws::ServerMessage;

use super::SIGNALING_WITHIN;

/// Waits on `ws` for an update of `user` in room `id` for which `want` holds.
pub async fn participant(
    ws: &mut stoa_client::Signaling,
    id: &stoa_proto::RoomId,
    user: stoa_proto::UserId,
    want: impl Fn(&stoa_proto::ws::Participant) -> bool,
    what: &str,
) {
    ws.wait_for(
        |m| match m {
            ServerMessage::ParticipantUpdated {
                room_id,
                participant,
            } => room_id == id && participant.user.id == user && want(participant),
            ServerMessage::ParticipantsUpdated {
                room_id,
                participants,
            } => room_id == id && participants.iter().any(|p| p.user.id == user && want(p)),
            _ => false,
        },
        SIGNALING_WITHIN,
    )
    .await
    .unwrap_or_else(|e| panic!("{what}: {e}"));
}
