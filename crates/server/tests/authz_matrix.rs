//! The authorization matrix: every mutating REST endpoint and WebSocket command × every
//! standing (anonymous, member, audience, speaker, moderator, club leader/admin/founder, site
//! admin, suspended member), each cell asserting "allowed" or the exact refusal code. One real
//! server; every row acts on a fresh room, club and (where it needs one) event.

#![allow(clippy::print_stdout, reason = "prints the matrix it checked")]

mod authz;
mod common;

use authz::actions::{perform, prepare, ROWS};
use authz::expect::expected;
use authz::standing::{Outcome, ALL};
use authz::world::World;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mutating_call_by_every_standing_is_allowed_or_refused_with_its_code() {
    let mut world = World::build().await;
    let mut mismatches = Vec::new();
    let mut cells = 0;
    for &action in ROWS {
        let state = prepare(&mut world, action).await;
        // Refusals first: a refused call must change nothing the allowed ones rely on.
        let mut order: Vec<_> = ALL.to_vec();
        order.sort_by_key(|s| expected(action, *s) == Outcome::Allowed);
        for s in order {
            let want = expected(action, s);
            let got = perform(&mut world, &state, action, s).await;
            cells += 1;
            if got != want {
                mismatches.push(format!("{action:?} as {s:?}: expected {want}, got {got}"));
            }
        }
    }
    println!("authorization matrix: {cells} cells, {} rows", ROWS.len());
    assert!(
        mismatches.is_empty(),
        "{} of {cells} cells differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
