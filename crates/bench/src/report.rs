//! What `stoa-bench room` measured: [`RoomReport`], printed as a table and written as JSON.

use std::time::Duration;

use serde::Serialize;

use crate::stats::{ms, percentile};

/// Three percentiles in milliseconds (`None` without samples).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Percentiles {
    /// Median.
    pub p50: Option<f64>,
    /// 99th percentile.
    pub p99: Option<f64>,
    /// 99.9th percentile (joins: the maximum).
    pub p999: Option<f64>,
}

impl Percentiles {
    /// p50, p99 and the maximum (in `p999`) of `samples`.
    pub fn of(samples: &[Duration]) -> Self {
        Self {
            p50: ms(percentile(samples, 50.0)),
            p99: ms(percentile(samples, 99.0)),
            p999: ms(samples.iter().max().copied()),
        }
    }
}

/// The figures of one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoomReport {
    /// Listener bots requested.
    pub listeners: usize,
    /// Speakers on stage.
    pub speakers: usize,
    /// Length of the measured window, seconds.
    pub duration_s: f64,
    /// Joins started per second.
    pub join_rate: f64,
    /// Which server was measured.
    pub server: String,
    /// Listeners whose join (WebSocket, room, offer/answer) succeeded.
    pub joined: usize,
    /// Listeners whose join failed.
    pub join_failures: usize,
    /// The first join error, if any.
    pub first_join_error: Option<String>,
    /// Listeners that received audio.
    pub listeners_with_audio: usize,
    /// Most receive slots (SSRCs) any listener got media on.
    pub max_streams_per_listener: usize,
    /// Speaker frames sent per second.
    pub sent_pps: f64,
    /// Packets the SFU forwarded per second (from the listeners' sequence numbers).
    pub forwarded_pps: f64,
    /// forwarded / (sent × listeners with audio), percent: below 100 the SFU skipped or dropped
    /// packets before numbering them (e.g. its socket's receive queue overflowed). Exact for up
    /// to `AUDIO_SLOTS` speakers.
    pub delivered_pct: Option<f64>,
    /// Packets the listeners received per second.
    pub received_pps: f64,
    /// Mean size of a forwarded SRTP datagram, bytes.
    pub packet_bytes: f64,
    /// Packets lost between the SFU and the listeners, percent.
    pub loss_pct: f64,
    /// Speaker write → listener receive, milliseconds.
    pub delay_ms: Percentiles,
    /// Delay samples taken.
    pub delay_samples: u64,
    /// Media packets whose timestamp matched no recorded send.
    pub unmatched_packets: u64,
    /// WebSocket open → first audio packet, milliseconds (p999 holds the maximum).
    pub join_ms: Percentiles,
    /// Of which WebSocket open → SDP answer (signaling), milliseconds.
    pub join_signaling_ms: Percentiles,
    /// Of which SDP answer → first audio packet (ICE, DTLS, first forward), milliseconds.
    pub join_media_ms: Percentiles,
    /// Server CPU, percent of one core, during the window.
    pub server_cpu_pct: Option<f64>,
    /// Server CPU microseconds per forwarded packet (all nodes of a cluster together).
    pub server_cpu_us_per_packet: Option<f64>,
    /// Each node's CPU, percent of one core, during the window (a cluster's nodes in order).
    #[serde(default)]
    pub node_cpu_pct: Vec<f64>,
    /// Server resident memory before the listeners joined, MiB.
    pub server_rss_before_mib: Option<f64>,
    /// Server resident memory with every listener in, MiB.
    pub server_rss_after_mib: Option<f64>,
    /// (after − before) / listeners with audio, KiB.
    pub server_rss_per_listener_kib: Option<f64>,
    /// Raw sendmmsg packets per second the listeners received in the ceiling phase.
    pub ceiling_pps: Option<f64>,
    /// Raw packets per second the sender pushed in the ceiling phase.
    pub ceiling_sent_pps: Option<f64>,
    /// The raw sender's CPU microseconds per packet (the kernel's cost of one loopback packet).
    pub ceiling_cpu_us_per_packet: Option<f64>,
    /// server_cpu_us_per_packet / ceiling_cpu_us_per_packet.
    pub cpu_vs_ceiling: Option<f64>,
    /// forwarded_pps / ceiling_pps.
    pub egress_vs_ceiling: Option<f64>,
    /// The paced floor's CPU microseconds per packet: the window's datagrams (rate, rounds,
    /// batches) sent raw, without an SFU.
    pub paced_floor_cpu_us_per_packet: Option<f64>,
    /// Share of the paced floor's datagrams the listeners received (%).
    pub paced_floor_delivered_pct: Option<f64>,
    /// server_cpu_us_per_packet / paced_floor_cpu_us_per_packet.
    pub cpu_vs_paced_floor: Option<f64>,
    /// Sampled packets decrypted and Opus-decoded by the listeners.
    pub decoded_samples: u64,
    /// Sampled packets that failed to decode.
    pub decode_errors: u64,
    /// Packets of the audience sender that reached any listener (must be 0).
    pub audience_packets_received: Option<u64>,
    /// The whole bench process's CPU during the window, percent of one core.
    pub bench_cpu_pct: f64,
    /// The listener pool threads' CPU during the window, percent of one core.
    pub listener_threads_cpu_pct: f64,
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.digits$}"))
}

fn trio(p: &Percentiles, digits: usize) -> String {
    format!(
        "{} / {} / {} ms",
        opt(p.p50, digits),
        opt(p.p99, digits),
        opt(p.p999, digits)
    )
}

impl RoomReport {
    /// The human-readable summary.
    pub fn table(&self) -> String {
        let d = &self.delay_ms;
        let j = &self.join_ms;
        let rows: Vec<(&str, String)> = vec![
            (
                "room",
                format!(
                    "{} speaker(s) -> {} listeners, {:.1} s window, joins at {}/s",
                    self.speakers, self.listeners, self.duration_s, self.join_rate
                ),
            ),
            ("server", self.server.clone()),
            (
                "joined / with audio",
                format!(
                    "{} / {} ({} failed{})",
                    self.joined,
                    self.listeners_with_audio,
                    self.join_failures,
                    self.first_join_error
                        .as_deref()
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default()
                ),
            ),
            ("packets/s sent", format!("{:.0}", self.sent_pps)),
            (
                "packets/s forwarded",
                format!(
                    "{:.0} ({:.0} B each)",
                    self.forwarded_pps, self.packet_bytes
                ),
            ),
            (
                "forwarded / (sent x listeners)",
                opt(self.delivered_pct, 1) + " %",
            ),
            ("packets/s received", format!("{:.0}", self.received_pps)),
            ("loss", format!("{:.3} %", self.loss_pct)),
            (
                "forward delay p50/p99/p99.9",
                format!(
                    "{} / {} / {} ms ({} samples, {} unmatched)",
                    opt(d.p50, 2),
                    opt(d.p99, 2),
                    opt(d.p999, 2),
                    self.delay_samples,
                    self.unmatched_packets
                ),
            ),
            (
                "join time p50/p99/max",
                format!(
                    "{} / {} / {} ms",
                    opt(j.p50, 1),
                    opt(j.p99, 1),
                    opt(j.p999, 1)
                ),
            ),
            (
                "  of which open -> answer",
                trio(&self.join_signaling_ms, 1),
            ),
            ("  of which answer -> audio", trio(&self.join_media_ms, 1)),
            (
                "server CPU",
                format!(
                    "{} % of a core, {} us per forwarded packet",
                    opt(self.server_cpu_pct, 1),
                    opt(self.server_cpu_us_per_packet, 2)
                ),
            ),
            (
                "server RSS",
                format!(
                    "{} -> {} MiB, {} KiB per listener",
                    opt(self.server_rss_before_mib, 1),
                    opt(self.server_rss_after_mib, 1),
                    opt(self.server_rss_per_listener_kib, 1)
                ),
            ),
            (
                "loopback ceiling",
                format!(
                    "{} packets/s received ({} sent), {} us CPU per packet",
                    opt(self.ceiling_pps, 0),
                    opt(self.ceiling_sent_pps, 0),
                    opt(self.ceiling_cpu_us_per_packet, 2)
                ),
            ),
            ("SFU CPU / raw send CPU", opt(self.cpu_vs_ceiling, 2) + " x"),
            (
                "paced floor (window's pattern)",
                format!(
                    "{} us CPU per packet, {} % delivered; SFU / paced floor {} x",
                    opt(self.paced_floor_cpu_us_per_packet, 2),
                    opt(self.paced_floor_delivered_pct, 1),
                    opt(self.cpu_vs_paced_floor, 2)
                ),
            ),
            (
                "SFU egress / ceiling",
                opt(self.egress_vs_ceiling.map(|r| r * 100.0), 1) + " %",
            ),
            (
                "audio decoded (sample)",
                format!("{} ok, {} errors", self.decoded_samples, self.decode_errors),
            ),
            (
                "bench CPU",
                format!(
                    "{:.1} % of a core ({:.1} % in listener threads)",
                    self.bench_cpu_pct, self.listener_threads_cpu_pct
                ),
            ),
        ];
        let mut out = String::new();
        for (k, v) in rows {
            out.push_str(&format!("{k:<30} {v}\n"));
        }
        if let Some(n) = self.audience_packets_received {
            out.push_str(&format!("{:<30} {n}\n", "audience packets received"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_shows_missing_figures_as_na() {
        let r = RoomReport {
            listeners: 10,
            forwarded_pps: 500.0,
            ceiling_pps: Some(1000.0),
            egress_vs_ceiling: Some(0.5),
            ..Default::default()
        };
        let t = r.table();
        assert!(t.contains("SFU egress / ceiling           50.0 %"), "{t}");
        assert!(t.contains("n/a / n/a / n/a ms"), "{t}");
        assert!(!t.contains("audience"));
    }
}
