//! Checks on an event's fields.

use chrono::{DateTime, Duration, Utc};

use stoa_proto::limits;

use crate::ServiceError;

/// Longest title, in characters.
pub const MAX_TITLE: usize = limits::EVENT_TITLE_MAX;
/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = limits::EVENT_DESCRIPTION_MAX;
/// Most co-hosts.
pub const MAX_COHOSTS: usize = limits::EVENT_COHOSTS_MAX;

/// How far ahead an event may be scheduled.
pub fn max_ahead() -> Duration {
    Duration::days(365)
}

/// Trimmed, 1–100 characters, no control characters.
pub fn title(raw: &str) -> Result<String, ServiceError> {
    let title = raw.trim();
    let len = title.chars().count();
    if !(limits::EVENT_TITLE_MIN..=MAX_TITLE).contains(&len) {
        return Err(ServiceError::Validation(format!(
            "an event's title has {} to {MAX_TITLE} characters",
            limits::EVENT_TITLE_MIN
        )));
    }
    if title.chars().any(char::is_control) {
        return Err(ServiceError::Validation(
            "an event's title cannot contain control characters".to_string(),
        ));
    }
    Ok(title.to_string())
}

/// Trimmed, at most 1000 characters; line breaks and tabs are the only control characters.
pub fn description(raw: &str) -> Result<String, ServiceError> {
    let text = raw.trim();
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(ServiceError::Validation(format!(
            "an event's description has at most {MAX_DESCRIPTION} characters"
        )));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ServiceError::Validation(
            "an event's description cannot contain control characters".to_string(),
        ));
    }
    Ok(text.to_string())
}

/// In the future, at most a year ahead of `now`.
pub fn starts_at(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), ServiceError> {
    if at <= now {
        return Err(ServiceError::Validation(
            "an event must start in the future".to_string(),
        ));
    }
    if at > now + max_ahead() {
        return Err(ServiceError::Validation(
            "an event can be scheduled at most a year ahead".to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_checked() {
        assert_eq!(title("  Rust; talk ").unwrap(), "Rust; talk");
        assert!(title(" ").is_err());
        assert!(title(&"x".repeat(101)).is_err());
        assert!(title("a\nb").is_err());
        assert_eq!(description("a\nb").unwrap(), "a\nb");
        assert!(description(&"x".repeat(1001)).is_err());
        let now = Utc::now();
        assert!(starts_at(now, now).is_err());
        assert!(starts_at(now + Duration::minutes(1), now).is_ok());
        assert!(starts_at(now + Duration::days(366), now).is_err());
    }
}
