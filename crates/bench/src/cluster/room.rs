//! The room part of `stoa-bench cluster`: one speaker on n1 → N listeners, first all on n1, then
//! spread over the three nodes (n2 and n3 are edges of the room, fed once by n1), through the
//! same bots as `stoa-bench room`; loss, joins and each node's CPU side by side.

use serde::Serialize;
use stoa_client::ApiClient;

use super::nodes::Node;
use crate::report::RoomReport;
use crate::room::RoomBench;

/// The same room on one node and over three.
#[derive(Debug, Clone, Serialize)]
pub struct RoomComparison {
    /// Every listener on n1 (the room's node).
    pub one_node: RoomReport,
    /// Listeners on n1, n2, n3 in turn.
    pub three_nodes: RoomReport,
}

/// Runs the room twice (fresh members each time): listeners on `nodes[0]` only, then on all of
/// `nodes`.
pub(super) async fn compare(
    admin: &ApiClient,
    nodes: &[Node],
    listeners: usize,
    duration: f64,
) -> anyhow::Result<RoomComparison> {
    let one_node = run(admin, &nodes[..1], listeners, duration).await?;
    eprintln!("stoa-bench: room on one node measured");
    let three_nodes = run(admin, nodes, listeners, duration).await?;
    eprintln!("stoa-bench: room over three nodes measured");
    Ok(RoomComparison {
        one_node,
        three_nodes,
    })
}

async fn run(
    admin: &ApiClient,
    nodes: &[Node],
    listeners: usize,
    duration: f64,
) -> anyhow::Result<RoomReport> {
    let bench = RoomBench {
        listeners,
        duration,
        server: Some(nodes[0].base()),
        // The admin (unlimited invites) invites every member.
        invite: Some(String::new()),
        inviter: admin.token().map(str::to_owned),
        server_pid: nodes[0].pid(),
        spread: nodes[1..].iter().map(|n| (n.base(), n.pid())).collect(),
        // The raw `sendmmsg` floor to the same listener sockets, in the same run: relaying must
        // not take the SFU further from it.
        ceiling: 3.0,
        quiet: true,
        ..RoomBench::default()
    };
    crate::room::execute(bench).await
}

impl RoomComparison {
    /// Rows for the cluster table.
    pub fn rows(&self) -> String {
        let row = |what: &str, f: &dyn Fn(&RoomReport) -> String| {
            format!(
                "| {what} | {} | {} |\n",
                f(&self.one_node),
                f(&self.three_nodes)
            )
        };
        let opt = |v: Option<f64>, unit: &str| v.map_or("n/a".into(), |v| format!("{v:.2}{unit}"));
        let mut out = format!(
            "\n\n| 1 speaker on n1 → {} listeners | all on n1 | over n1, n2, n3 |\n|---|---|---|\n",
            self.one_node.listeners
        );
        out += &row("listeners with audio", &|r| {
            format!("{} / {}", r.listeners_with_audio, r.listeners)
        });
        out += &row("loss", &|r| format!("{:.3} %", r.loss_pct));
        out += &row("CPU per forwarded packet (all nodes)", &|r| {
            opt(r.server_cpu_us_per_packet, " µs")
        });
        out += &row("raw `sendmmsg` floor per packet (same run)", &|r| {
            opt(r.ceiling_cpu_us_per_packet, " µs")
        });
        out += &row("CPU per packet / floor", &|r| opt(r.cpu_vs_ceiling, "×"));
        out += &row("paced floor per packet (the window's pattern)", &|r| {
            opt(r.paced_floor_cpu_us_per_packet, " µs")
        });
        out += &row("CPU per packet / paced floor", &|r| {
            opt(r.cpu_vs_paced_floor, "×")
        });
        out += &row("CPU per node, % of a core", &|r| {
            let each: Vec<String> = r.node_cpu_pct.iter().map(|c| format!("{c:.1}")).collect();
            each.join(" / ")
        });
        out += &row("join p50 / p99", &|r| {
            format!(
                "{} / {}",
                opt(r.join_ms.p50, " ms"),
                opt(r.join_ms.p99, " ms")
            )
        });
        out += &row("forward delay p99", &|r| opt(r.delay_ms.p99, " ms"));
        out
    }
}
