//! [`Millis`]: the one timestamp type of every query, kept at millisecond precision so that both
//! dialects give back the same values. Stored as they always were: unix milliseconds in an
//! `INTEGER` on SQLite, a `TIMESTAMPTZ` (truncated to whole milliseconds) on PostgreSQL.

use chrono::{DateTime, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

/// A point in time truncated to whole milliseconds, as the store keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Millis(DateTime<Utc>);

impl Millis {
    /// Unix milliseconds (what SQLite stores).
    fn unix_ms(self) -> i64 {
        self.0.timestamp_millis()
    }

    /// Back from unix milliseconds; an error when out of `DateTime`'s range.
    fn from_unix_ms(ms: i64) -> Result<Self, BoxDynError> {
        DateTime::from_timestamp_millis(ms)
            .map(Millis)
            .ok_or_else(|| format!("timestamp out of range: {ms}").into())
    }
}

impl From<DateTime<Utc>> for Millis {
    fn from(t: DateTime<Utc>) -> Self {
        Millis(DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t))
    }
}

impl From<Millis> for DateTime<Utc> {
    fn from(t: Millis) -> Self {
        t.0
    }
}

impl Type<Sqlite> for Millis {
    fn type_info() -> SqliteTypeInfo {
        <i64 as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <i64 as Type<Sqlite>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Sqlite> for Millis {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <i64 as Encode<Sqlite>>::encode(self.unix_ms(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Millis {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        Millis::from_unix_ms(<i64 as Decode<Sqlite>>::decode(value)?)
    }
}

impl Type<Postgres> for Millis {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <DateTime<Utc> as Type<Postgres>>::compatible(ty)
    }
}

impl Encode<'_, Postgres> for Millis {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Millis {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Millis(<DateTime<Utc> as Decode<Postgres>>::decode(value)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_truncated_to_milliseconds() {
        let t = DateTime::from_timestamp(1_700_000_000, 123_456_789).expect("valid");
        let stored = Millis::from(t);
        assert_eq!(stored.unix_ms(), t.timestamp_millis());
        assert_eq!(DateTime::from(stored).timestamp_subsec_nanos(), 123_000_000);
        assert_eq!(Millis::from(DateTime::from(stored)), stored);
    }

    #[test]
    fn millisecond_timestamps_round_trip() {
        let t = DateTime::from_timestamp_millis(1_700_000_000_123).expect("valid");
        let back = Millis::from_unix_ms(Millis::from(t).unix_ms()).expect("in range");
        assert_eq!(DateTime::from(back), t);
        assert!(Millis::from_unix_ms(i64::MAX).is_err());
    }
}
