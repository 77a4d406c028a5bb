//! `stoa-bench hallway`: the ranked, explained hallway and member search in a seeded world
//! (default: 100k members, 1M follows, 1,000 live rooms on SQLite), measured in-process at the
//! service layer — the same calls `GET /api/rooms` and `GET /api/users?q=` make, minus HTTP.
//!
//! The world is deterministic for a given `--seed`: display names from name lists, follows
//! skewed towards a popular minority (power law), rooms sized by a Zipf law, a few speakers on
//! each stage.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use stoa_proto::rest::CreateRoomRequest;
use stoa_proto::ws::ClientMessage;
use stoa_proto::{RoomKind, UserId};
use stoa_service::accounts::Member;
use stoa_service::{ServiceConfig, Session, Stoa};
use stoa_store::{BulkMember, SqliteStore, Store};

use crate::report::Percentiles;

/// Options of `stoa-bench hallway`.
#[derive(Debug, Clone, clap::Args)]
pub struct HallwayBench {
    /// Members in the seeded world.
    #[arg(long, default_value = "100000")]
    pub members: usize,
    /// Follow relations (each member follows ~follows/members others, skewed to popular ones).
    #[arg(long, default_value = "1000000")]
    pub follows: usize,
    /// Live rooms.
    #[arg(long, default_value = "1000")]
    pub rooms: usize,
    /// Members sitting in the live rooms (stage and audience).
    #[arg(long, default_value = "20000")]
    pub in_rooms: usize,
    /// Hallway requests and searches measured (each).
    #[arg(long, default_value = "2000")]
    pub requests: usize,
    /// Random seed of the world.
    #[arg(long, default_value = "7")]
    pub seed: u64,
    /// Also write the figures as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

/// What one run measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HallwayReport {
    /// Members, follows, live rooms and members in rooms of the world.
    pub members: usize,
    /// Follows actually stored (duplicates dropped).
    pub follows: u64,
    /// Live rooms.
    pub rooms: usize,
    /// Members in rooms.
    pub in_rooms: usize,
    /// Seconds spent seeding (database, then rooms).
    pub seed_db_s: f64,
    /// Seconds spent opening the rooms and joining their members.
    pub seed_rooms_s: f64,
    /// Hallway latency for a random viewer (ms).
    pub hallway: Percentiles,
    /// Rooms per hallway, on average.
    pub hallway_rooms_avg: f64,
    /// Share of hallways whose first room has a followed person on stage or in the audience.
    pub hallway_first_followed_pct: f64,
    /// Member search latency for a random 1–4 character prefix (ms).
    pub search: Percentiles,
    /// Results per search, on average.
    pub search_results_avg: f64,
}

impl HallwayReport {
    /// The summary table.
    pub fn table(&self) -> String {
        let p = |p: &Percentiles| {
            let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
            format!("p50 {} / p99 {} / max {} ms", f(p.p50), f(p.p99), f(p.p999))
        };
        format!(
            "world            {} members, {} follows, {} live rooms, {} members in rooms\n\
             seeding          database {:.1} s, rooms {:.1} s\n\
             hallway          {}   (target p99 <= 20 ms)\n\
             \x20                {:.0} rooms per hallway, first room followed-related in {:.0}% \n\
             member search    {}   (target p99 <= 10 ms)\n\
             \x20                {:.1} results per search\n",
            self.members,
            self.follows,
            self.rooms,
            self.in_rooms,
            self.seed_db_s,
            self.seed_rooms_s,
            p(&self.hallway),
            self.hallway_rooms_avg,
            self.hallway_first_followed_pct,
            p(&self.search),
            self.search_results_avg,
        )
    }
}

const FIRST: &[&str] = &[
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Barbara",
    "Ken",
    "Dennis",
    "Margaret",
    "Donald",
    "Edsger",
    "Frances",
    "John",
    "Radia",
    "Tim",
    "Vint",
    "Bjarne",
    "Guido",
    "Yukihiro",
    "Anders",
    "James",
    "Sophie",
    "Hedy",
    "Katherine",
    "Dorothy",
    "Mary",
    "Claude",
    "Niklaus",
    "Leslie",
    "Fran",
    "Karen",
    "Shafi",
    "Silvio",
    "Whitfield",
    "Martin",
    "Robin",
    "Rob",
    "Brian",
    "Bertrand",
    "Joan",
    "Jean",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Liskov",
    "Thompson",
    "Ritchie",
    "Hamilton",
    "Knuth",
    "Dijkstra",
    "Allen",
    "McCarthy",
    "Perlman",
    "Berners",
    "Cerf",
    "Stroustrup",
    "Rossum",
    "Matsumoto",
    "Hejlsberg",
    "Gosling",
    "Wilson",
    "Lamarr",
    "Johnson",
    "Vaughan",
    "Jackson",
    "Shannon",
    "Wirth",
    "Lamport",
    "Bilas",
    "Jones",
    "Goldwasser",
    "Micali",
    "Diffie",
    "Hellman",
    "Milner",
    "Pike",
    "Kernighan",
    "Meyer",
    "Clarke",
    "Sammet",
];

/// Runs the benchmark and prints the figures.
pub async fn run(opts: HallwayBench) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = SqliteStore::open_path(&dir.path().join("stoa.db")).await?;
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let mut report = HallwayReport {
        members: opts.members,
        rooms: opts.rooms,
        in_rooms: opts.in_rooms.min(opts.members),
        ..HallwayReport::default()
    };

    let started = Instant::now();
    let ids = seed_members(&store, opts.members, &mut rng).await?;
    report.follows = seed_follows(&store, &ids, opts.follows, &mut rng).await?;
    report.seed_db_s = started.elapsed().as_secs_f64();

    let (sfu, sfu_events) = stoa_sfu::start(stoa_sfu::SfuConfig::loopback()).await?;
    let store: Arc<dyn Store> = Arc::new(store);
    let config = ServiceConfig {
        reconnect_grace: Duration::from_secs(3600),
        ..ServiceConfig::default()
    };
    let stoa = Stoa::start(store, sfu, sfu_events, config).await?;

    let started = Instant::now();
    let sessions = seed_rooms(&stoa, &ids, opts.rooms, report.in_rooms, &mut rng).await?;
    report.seed_rooms_s = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(300)).await;

    measure_hallway(&stoa, &ids, opts.requests, &mut rng, &mut report).await?;
    measure_search(&stoa, opts.requests, &mut rng, &mut report).await?;
    drop(sessions);

    print!("{}", report.table());
    if let Some(path) = &opts.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn progress(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg:>14} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    bar
}

async fn seed_members(
    store: &SqliteStore,
    count: usize,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<UserId>> {
    let bar = progress(count, "members");
    let mut ids = Vec::with_capacity(count);
    for chunk in (0..count).collect::<Vec<_>>().chunks(10_000) {
        let members: Vec<BulkMember> = chunk
            .iter()
            .map(|i| {
                let first = FIRST[rng.random_range(0..FIRST.len())];
                let last = LAST[rng.random_range(0..LAST.len())];
                BulkMember {
                    username: format!("{}{}{i}", first.to_lowercase(), &last[..1].to_lowercase()),
                    display_name: format!("{first} {last}"),
                    password_hash: "bench-member-never-signs-in".to_string(),
                }
            })
            .collect();
        ids.extend(store.bulk_insert_members(&members).await?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish();
    Ok(ids)
}

/// A member index skewed towards low indexes: a few members are followed by many.
fn popular(rng: &mut StdRng, n: usize) -> usize {
    let u: f64 = rng.random();
    ((u.powf(2.5)) * n as f64) as usize % n
}

async fn seed_follows(
    store: &SqliteStore,
    ids: &[UserId],
    count: usize,
    rng: &mut StdRng,
) -> anyhow::Result<u64> {
    let bar = progress(count, "follows");
    let mut stored = 0;
    let mut left = count;
    while left > 0 {
        let batch = left.min(100_000);
        let pairs: Vec<(UserId, UserId)> = (0..batch)
            .map(|_| {
                let follower = ids[rng.random_range(0..ids.len())];
                (follower, ids[popular(rng, ids.len())])
            })
            .collect();
        stored += store.bulk_insert_follows(&pairs).await?;
        bar.inc(batch as u64);
        left -= batch;
    }
    bar.finish();
    Ok(stored)
}

async fn member(stoa: &Stoa, id: UserId) -> anyhow::Result<Member> {
    let record = stoa
        .store()
        .user_by_id(id)
        .await?
        .context("seeded member")?;
    Ok(Member { record })
}

async fn seed_rooms(
    stoa: &Stoa,
    ids: &[UserId],
    rooms: usize,
    in_rooms: usize,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<Session>> {
    let bar = progress(in_rooms, "room members");
    let mut order: Vec<UserId> = ids.to_vec();
    // Fisher-Yates on the first `in_rooms` places: who sits in rooms.
    for i in 0..in_rooms.min(order.len()) {
        let j = rng.random_range(i..order.len());
        order.swap(i, j);
    }
    let mut seats = order.into_iter().take(in_rooms);
    // Zipf sizes: room r gets a share proportional to 1 / (r + 1).
    let harmonic: f64 = (1..=rooms).map(|r| 1.0 / r as f64).sum();
    let mut sessions = Vec::with_capacity(in_rooms);
    for r in 0..rooms {
        let Some(host) = seats.next() else { break };
        let size = ((in_rooms as f64 / harmonic) / (r + 1) as f64).max(1.0) as usize;
        let host_member = member(stoa, host).await?;
        let room = stoa
            .rooms()
            .create_room(
                &host_member,
                CreateRoomRequest {
                    title: format!("{} talks {}", host_member.record.display_name, r),
                    kind: RoomKind::Open,
                    invited: Vec::new(),
                    club_id: None,
                    members_only: false,
                },
            )
            .await?;
        let host_session = join(stoa, host_member, &room.id).await;
        let speakers = rng.random_range(0..=3usize).min(size.saturating_sub(1));
        let mut host_session = host_session;
        for k in 1..size {
            let Some(guest) = seats.next() else { break };
            let mut session = join(stoa, member(stoa, guest).await?, &room.id).await;
            if k <= speakers {
                host_session
                    .handle(ClientMessage::InviteToSpeak { user_id: guest })
                    .await;
                session.handle(ClientMessage::AcceptSpeakInvite).await;
            }
            sessions.push(session);
            bar.inc(1);
        }
        sessions.push(host_session);
        bar.inc(1);
    }
    bar.finish();
    Ok(sessions)
}

/// An in-process session that joined `room` (its outgoing messages are discarded).
async fn join(stoa: &Stoa, member: Member, room: &stoa_proto::RoomId) -> Session {
    let (mut session, rx) = stoa.rooms().open_session(member);
    drop(rx);
    session
        .handle(ClientMessage::JoinRoom {
            room_id: room.clone(),
        })
        .await;
    session
}

async fn measure_hallway(
    stoa: &Stoa,
    ids: &[UserId],
    requests: usize,
    rng: &mut StdRng,
    report: &mut HallwayReport,
) -> anyhow::Result<()> {
    let bar = progress(requests, "hallways");
    let mut samples = Vec::with_capacity(requests);
    let (mut rooms, mut followed_first) = (0usize, 0usize);
    for _ in 0..requests {
        let viewer = ids[rng.random_range(0..ids.len())];
        let started = Instant::now();
        let hallway = stoa.presence().hallway_for(viewer).await?;
        samples.push(started.elapsed());
        rooms += hallway.rooms.len();
        let first = hallway.rooms.first().and_then(|r| r.reason.as_ref());
        if first.is_some_and(|r| !r.followed_on_stage.is_empty() || r.followed_in_audience > 0) {
            followed_first += 1;
        }
        bar.inc(1);
    }
    bar.finish();
    report.hallway = Percentiles::of(&samples);
    report.hallway_rooms_avg = rooms as f64 / requests.max(1) as f64;
    report.hallway_first_followed_pct = 100.0 * followed_first as f64 / requests.max(1) as f64;
    Ok(())
}

async fn measure_search(
    stoa: &Stoa,
    requests: usize,
    rng: &mut StdRng,
    report: &mut HallwayReport,
) -> anyhow::Result<()> {
    let bar = progress(requests, "searches");
    let mut samples = Vec::with_capacity(requests);
    let mut results = 0usize;
    for _ in 0..requests {
        let name = if rng.random_bool(0.5) {
            FIRST[rng.random_range(0..FIRST.len())].to_string()
        } else {
            LAST[rng.random_range(0..LAST.len())].to_lowercase()
        };
        let len = rng.random_range(1..=4usize).min(name.len());
        let query = &name[..len];
        let started = Instant::now();
        let found = stoa.social().search_members(query, Some(20)).await?;
        samples.push(started.elapsed());
        results += found.users.len();
        bar.inc(1);
    }
    bar.finish();
    report.search = Percentiles::of(&samples);
    report.search_results_avg = results as f64 / requests.max(1) as f64;
    Ok(())
}
