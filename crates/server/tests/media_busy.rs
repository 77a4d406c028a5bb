//! A node that is setting up as many media connections as it may (`--sfu-max-connecting`)
//! refuses the next offer at once with `server_busy`, rather than letting it time out; the
//! member stays in the room, and the Rust client offers again by itself until it is taken.

mod common;

use std::time::{Duration, Instant};

use common::{TestServer, T};
use stoa_client::{AudioSource, MediaSession, PendingMedia};
use stoa_proto::ws::{ClientMessage as C, ServerMessage as S};
use stoa_proto::ErrorCode;

/// A real client's offer whose client never runs (no ICE, no DTLS): its connection stays in
/// set-up until its member leaves.
fn stuck_offer() -> (PendingMedia, String) {
    let pending = PendingMedia::new().expect("offer");
    let sdp = pending.offer_sdp().to_owned();
    (pending, sdp)
}

#[tokio::test]
async fn an_offer_beyond_the_connections_in_set_up_is_refused_at_once_then_taken() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = stoa_server::ServeConfig::for_tests(dir.path().to_path_buf());
    config.sfu_max_connecting = 1;
    let server = TestServer::start_with(dir, config).await;
    let (admin_token, [bob_token, carol_token]) = server.people(["bob", "carol"]).await;
    let room = server.room(&admin_token, "Busy node").await;
    let _admin = server.joined(&admin_token, &room).await;

    // Bob's connection takes the one set-up place and keeps it (his client never does ICE).
    let mut bob = server.joined(&bob_token, &room).await;
    let (_bob_client, bob_offer) = stuck_offer();
    let answer = bob
        .ws
        .exchange_offer(bob_offer, T)
        .await
        .expect("bob's offer is answered");
    assert!(answer.starts_with("v=0"), "an SDP answer");

    // Carol's offer is refused at once, with a code a client can act on; she stays in the room.
    let mut carol = server.joined(&carol_token, &room).await;
    let (_carol_client, carol_offer) = stuck_offer();
    let asked = Instant::now();
    carol.send(C::Offer { sdp: carol_offer }).await;
    let refused = carol
        .ws
        .wait_for(
            |m| {
                matches!(
                    m,
                    S::Error {
                        code: ErrorCode::ServerBusy,
                        ..
                    }
                )
            },
            T,
        )
        .await
        .expect("server_busy");
    assert!(asked.elapsed() < T, "refused at once, not after a timeout");
    let S::Error { message, .. } = refused else {
        unreachable!()
    };
    assert!(message.contains("retry"), "says what to do: {message}");
    let refusals = server.running.stoa.sfu().stats().refused_busy;
    assert_eq!(refusals, 1);

    // Carol's client offers again by itself (backoff) while the place is taken; once Bob leaves,
    // the next try is taken and her audio connects.
    let leave_when_refused_again = async {
        let deadline = Instant::now() + T;
        while server.running.stoa.sfu().stats().refused_busy == refusals {
            assert!(
                Instant::now() < deadline,
                "carol's client never offered again"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        bob.send(C::LeaveRoom).await;
    };
    let (media, ()) = tokio::join!(
        MediaSession::connect(&mut carol.ws, AudioSource::Silence),
        leave_when_refused_again
    );
    let media = media.expect("carol's offer is taken once bob left");
    media
        .wait_connected(T)
        .await
        .expect("carol's media connects");
    server.stop().await;
}
