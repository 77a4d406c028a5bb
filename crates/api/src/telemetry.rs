//! Watching Stoa run: Prometheus metrics ([`metrics`]), per-request tracing with a request id
//! ([`trace`]), and the health and readiness probes ([`probes`]).

pub mod metrics;
pub(crate) mod probes;
pub(crate) mod trace;
