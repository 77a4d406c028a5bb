use super::*;

const KEY: RelayKey = [7u8; KEY_LEN];

fn media(payload: &[u8]) -> MediaBody<'_> {
    MediaBody {
        vslot: 2,
        speaker: UserId(-42),
        ssrc: 0xdead_beef,
        seq: 70_000,
        timestamp: 123_456,
        marker: true,
        level: Some(-30),
        voice: Some(false),
        payload,
    }
}

fn sealed(sealer: &mut Sealer, body: &MediaBody<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    sealer.seal(Kind::Media, &mut out, body.wire_len(), |o| body.write(o));
    out
}

#[test]
fn a_media_body_round_trips_sealed() {
    let (mut tx, mut rx) = (Sealer::new(&KEY, 9), Opener::new(&KEY, 9));
    let body = media(b"opus bytes");
    let bytes = sealed(&mut tx, &body);
    assert_eq!(bytes[0], MAGIC);
    assert_eq!(link_of(&bytes), Some(9));
    assert!(
        !bytes.windows(10).any(|w| w == b"opus bytes"),
        "the payload travels encrypted"
    );
    let mut scratch = Vec::new();
    let (kind, plain) = rx.open(&bytes, &mut scratch).unwrap();
    assert_eq!(kind, Kind::Media);
    assert_eq!(MediaBody::read(plain).unwrap(), body);
    let none = MediaBody {
        level: None,
        voice: None,
        marker: false,
        ..body
    };
    let bytes = sealed(&mut tx, &none);
    let (_, plain) = rx.open(&bytes, &mut scratch).unwrap();
    assert_eq!(MediaBody::read(plain).unwrap(), none);
}

#[test]
fn a_changed_byte_or_another_key_fails_authentication() {
    let mut tx = Sealer::new(&KEY, 9);
    let bytes = sealed(&mut tx, &media(b"x"));
    let mut scratch = Vec::new();
    for i in [1, 7, HEADER_LEN, bytes.len() - 1] {
        let mut changed = bytes.clone();
        changed[i] ^= 1;
        let err = Opener::new(&KEY, 9)
            .open(&changed, &mut scratch)
            .unwrap_err();
        assert!(
            matches!(err, FrameError::Auth | FrameError::Malformed),
            "byte {i}: {err:?}"
        );
    }
    let other = Opener::new(&[8u8; KEY_LEN], 9).open(&bytes, &mut scratch);
    assert_eq!(other.unwrap_err(), FrameError::Auth);
    let wrong_link = Opener::new(&KEY, 10).open(&bytes, &mut scratch);
    assert_eq!(wrong_link.unwrap_err(), FrameError::Malformed);
}

#[test]
fn each_counter_is_accepted_once() {
    let (mut tx, mut rx) = (Sealer::new(&KEY, 1), Opener::new(&KEY, 1));
    let first = sealed(&mut tx, &media(b"a"));
    let second = sealed(&mut tx, &media(b"b"));
    let mut scratch = Vec::new();
    rx.open(&second, &mut scratch).unwrap();
    rx.open(&first, &mut scratch)
        .expect("late but in the window");
    assert_eq!(
        rx.open(&first, &mut scratch).unwrap_err(),
        FrameError::Replay
    );
    assert_eq!(
        rx.open(&second, &mut scratch).unwrap_err(),
        FrameError::Replay
    );
}

#[test]
fn the_window_forgets_what_is_64_behind() {
    let mut w = ReplayWindow::default();
    assert_eq!(w.check(0), Err(FrameError::Replay));
    w.accept(1);
    w.accept(100);
    assert_eq!(w.check(36), Err(FrameError::Replay), "64 behind");
    assert_eq!(w.check(37), Ok(()));
    w.accept(37);
    assert_eq!(w.check(37), Err(FrameError::Replay));
    assert_eq!(w.check(101), Ok(()));
}

#[test]
fn short_or_foreign_datagrams_are_malformed() {
    let mut rx = Opener::new(&KEY, 1);
    let mut scratch = Vec::new();
    for bytes in [&[][..], &[MAGIC, 1, 0, 0, 0, 1][..], &[0x80; 40][..]] {
        assert_eq!(
            rx.open(bytes, &mut scratch).unwrap_err(),
            FrameError::Malformed
        );
    }
    assert_eq!(
        MediaBody::read(&[0; MEDIA_FIXED - 1]),
        Err(FrameError::Malformed)
    );
}

#[test]
fn permits_round_trip_and_are_bounded() {
    let users: Vec<UserId> = (0..3).map(UserId).collect();
    let mut out = Vec::new();
    write_permits(&mut out, 5, &users);
    assert_eq!(read_permits(&out).unwrap(), (5, users));
    let many: Vec<UserId> = (0..1000).map(UserId).collect();
    out.clear();
    write_permits(&mut out, 6, &many);
    assert_eq!(read_permits(&out).unwrap().1.len(), MAX_PERMITS);
    out.pop();
    assert_eq!(read_permits(&out), Err(FrameError::Malformed));
}
