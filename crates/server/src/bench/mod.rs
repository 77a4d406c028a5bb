//! `stoa bench …`: measurements that print figures (never timed assertions in tests).

pub mod join;
pub mod stats;
