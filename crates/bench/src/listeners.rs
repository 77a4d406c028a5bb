//! Joining counting listeners at a fixed rate: each opens its own WebSocket, joins the room,
//! exchanges an offer for an answer and hands its connection to the [`ListenerPool`]; its
//! WebSocket then stays open but quiet (messages read, not parsed).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use stoa_client::{PendingMedia, Signaling};
use stoa_proto::RoomId;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::counting::ListenerPool;
use crate::stage::T;

/// At most this many joins in flight at once.
const MAX_IN_FLIGHT: usize = 256;

/// A joined listener.
pub struct Joined {
    /// Its index (the bot's tag in the pool).
    pub index: usize,
    /// When its WebSocket connect started.
    pub opened: Instant,
    /// When the SDP answer arrived (signaling done; ICE and DTLS follow).
    pub answered: Instant,
    /// Its quiet WebSocket.
    pub ws: Signaling,
    /// Its media socket's address.
    pub local: SocketAddr,
}

async fn join_one(
    base: Arc<str>,
    token: String,
    room: RoomId,
    pool: Arc<ListenerPool>,
    index: usize,
) -> Result<Joined, String> {
    let opened = Instant::now();
    let step = async {
        let mut ws = Signaling::connect(&base, &token).await?;
        // The bench's thousands of joiners share its cores: decoding the audience list each
        // gets (O(room)) would make the load generator, not the server, limit the join rate.
        ws.set_ignored_kinds(&["participants_updated"]);
        ws.join_room(&room, T).await?;
        let pending = PendingMedia::new_counting()?;
        let answer = ws.exchange_offer(pending.offer_sdp().to_owned(), T).await?;
        let local = pool.add(pending, &answer, index as u64)?;
        let answered = Instant::now();
        ws.set_quiet();
        Ok::<_, stoa_client::ClientError>((ws, local, answered))
    };
    match step.await {
        Ok((ws, local, answered)) => Ok(Joined {
            index,
            opened,
            answered,
            ws,
            local,
        }),
        Err(e) => Err(format!("listener {index}: {e}")),
    }
}

/// Joins one listener per token at `rate` per second, through `bases` in turn (one server, or
/// a cluster's nodes); `progress` is called after each join with (done, failed). Returns the
/// joined listeners and the join errors.
pub async fn join_all(
    bases: &[String],
    tokens: Vec<String>,
    room: &RoomId,
    pool: &Arc<ListenerPool>,
    rate: f64,
    mut progress: impl FnMut(usize, usize),
) -> (Vec<Joined>, Vec<String>) {
    let bases: Vec<Arc<str>> = bases.iter().map(|b| Arc::from(b.as_str())).collect();
    let limit = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let interval = Duration::from_secs_f64(1.0 / rate.max(0.001));
    let start = tokio::time::Instant::now();
    let mut tasks = JoinSet::new();
    let mut joined = Vec::new();
    let mut errors = Vec::new();
    let total = tokens.len();
    let mut collect = |r: Result<Result<Joined, String>, tokio::task::JoinError>,
                       joined: &mut Vec<Joined>,
                       errors: &mut Vec<String>| {
        match r {
            Ok(Ok(j)) => joined.push(j),
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(e.to_string()),
        }
        progress(joined.len(), errors.len());
    };
    for (index, token) in tokens.into_iter().enumerate() {
        tokio::time::sleep_until(start + interval.mul_f64(index as f64)).await;
        while let Some(r) = tasks.try_join_next() {
            collect(r, &mut joined, &mut errors);
        }
        let Ok(permit) = Arc::clone(&limit).acquire_owned().await else {
            break;
        };
        let base = Arc::clone(&bases[index % bases.len()]);
        let (room, pool) = (room.clone(), Arc::clone(pool));
        tasks.spawn(async move {
            let r = join_one(base, token, room, pool, index).await;
            drop(permit);
            r
        });
    }
    while let Some(r) = tasks.join_next().await {
        collect(r, &mut joined, &mut errors);
    }
    debug_assert_eq!(joined.len() + errors.len(), total);
    (joined, errors)
}
