//! Stoa's durable state: accounts, profiles, follows, invites, sessions and rooms' history.
//!
//! The [`Store`] trait is the only thing the service layer sees; it is dialect-free, with one
//! implementation, [`SqlStore`], on either database chosen once at startup: [`SqliteStore`]
//! (embedded, the default) or [`PgStore`] (PostgreSQL, for several nodes sharing one database).
//! Every query is written once (`src/sql`, compiled for each dialect); what the two dialects do
//! their own way (write locks, id lists, collation) is in one place, `src/dialect.rs`. Each
//! dialect has its own migration history (`migrations/sqlite`, `migrations/postgres`) with the
//! same schema rules.
//!
//! # How a call flows
//! Every trait method is one short unit of work on a connection pool: a single query, or — where
//! a rule spans several rows (sign-up consumes an invite, invite quotas) — one transaction that
//! takes the write lock up front (`BEGIN IMMEDIATE` on SQLite, row locks with `SELECT … FOR
//! UPDATE` on PostgreSQL), checks the rule, writes, and commits. Any error drops the
//! transaction, which rolls back, so a failed call writes nothing.
//!
//! # What the store never sees
//! Clear passwords, session tokens or invite codes. The service hashes them first (argon2id for
//! passwords, hex SHA-256 for tokens and codes); the store keeps and looks up only those hashes.
//!
//! Timestamps are kept at millisecond precision (unix milliseconds in SQLite, `TIMESTAMPTZ`
//! truncated to whole milliseconds in PostgreSQL), so values round-trip the same in both.

mod club_records;
mod club_store;
mod common;
mod dialect;
mod error;
mod event_records;
mod event_store;
mod millis;
mod moderation_store;
mod modlog_records;
mod postgres;
mod records;
mod report_records;
mod sql_store;
mod sqlite;
mod store;
pub mod timing;
mod waitlist_records;

pub use club_records::{
    ClubMemberCursor, ClubMemberRecord, ClubRecord, ClubRequestRecord, ClubUpdate, NewClub,
};
pub use club_store::{ClubMemberStore, ClubStore};
pub use error::{StoreError, StoreFault};
pub use event_records::{EventQuery, EventRecord, EventUpdate, NewEvent};
pub use event_store::EventStore;
pub use modlog_records::NewModLog;
pub use postgres::PgStore;
pub use records::AdmissionReason;
pub use records::AvatarRecord;
pub use records::{
    FollowCursor, FollowDirection, FollowEntry, FollowStats, InviteRecord, NewAccount, NewRoom,
    ProfileUpdate, RoomRecord, SocialGraph, UserRecord,
};
pub use records::{
    FollowerScope, MarkRead, NewNotificationRecord, NotificationExtra, NotificationRecord,
};
pub use report_records::{
    CreateReportOutcome, NewReport, NewSuspension, ReportCursor, ReportLimit, ReportResolution,
    ReportSubject, ResolveOutcome,
};
pub use sql_store::SqlStore;
/// Online backups of the SQLite database and checks before a restore.
pub use sqlite::backup as sqlite_backup;
pub use sqlite::{
    BulkMember, SqliteSettings, SqliteStore, JOURNAL_SIZE_LIMIT, WAL_AUTOCHECKPOINT_PAGES,
    WAL_TRUNCATE_ABOVE,
};
pub use stoa_proto::rest::UserSummary;
pub use store::{
    AccountStore, AdminStore, AvatarStore, BlockStore, InviteStore, ModLogStore, NotificationStore,
    ReportStore, RoomAccessStore, RoomStore, SessionStore, SocialStore, Store, WaitlistStore,
};

/// Every store trait, for calling store methods on a concrete store (`dyn Store` needs none).
pub mod traits {
    pub use crate::club_store::{ClubMemberStore, ClubStore};
    pub use crate::event_store::EventStore;
    pub use crate::store::*;
}
pub use waitlist_records::{
    InviteTreeRow, InviteTreeRows, NewReservation, ReservationRecord, WaitingRecord,
    WaitlistAccount, WaitlistSignup, WaveOutcome,
};
