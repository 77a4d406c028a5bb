//! Input rules for user-supplied fields.

mod fields;
mod visible;

pub use fields::FieldErrors;
pub(crate) use visible::{visible_name, NameFault};

use stoa_proto::limits;

use crate::ServiceError;

/// Lower-cases and checks a username: 2–30 of `a-z 0-9 _`.
pub fn username(raw: &str) -> Result<String, ServiceError> {
    let name = raw.trim().to_ascii_lowercase();
    let ok = (limits::USERNAME_MIN..=limits::USERNAME_MAX).contains(&name.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_');
    if ok {
        Ok(name)
    } else {
        Err(ServiceError::Validation(format!(
            "username must be {}–{} characters of a-z, 0-9 and _",
            limits::USERNAME_MIN,
            limits::USERNAME_MAX
        )))
    }
}

/// Normalises (NFC), trims and checks a display name: 1–50 characters, no control characters,
/// no bidirectional overrides/isolates/marks, no hidden zero-width characters, and not
/// invisible-only (see [`visible_name`]).
pub fn display_name(raw: &str) -> Result<String, ServiceError> {
    name(
        raw,
        limits::DISPLAY_NAME_MIN,
        limits::DISPLAY_NAME_MAX,
        "display name",
    )
}

/// Normalises, trims and checks a room title as a display name ([`display_name`]), with
/// 1–100 characters.
pub fn room_title(raw: &str) -> Result<String, ServiceError> {
    name(
        raw,
        limits::ROOM_TITLE_MIN,
        limits::ROOM_TITLE_MAX,
        "room title",
    )
}

/// A name shown to other members (display name, room title, club name), checked as in
/// [`visible_name`] with `min`–`max` characters; refusals are `validation` naming `what` and
/// the rule broken.
pub(crate) fn name(raw: &str, min: usize, max: usize, what: &str) -> Result<String, ServiceError> {
    let refused = |rule: &str| ServiceError::Validation(format!("{what} {rule}"));
    let value = visible_name(raw, max).map_err(|fault| match fault {
        NameFault::Length => refused(&format!("must be {min}–{max} characters")),
        NameFault::Control => refused("may not contain control characters"),
        NameFault::Bidi => refused(
            "may not contain text-direction characters (right-to-left or left-to-right \
             overrides, embeddings, isolates or marks)",
        ),
        NameFault::Hidden => refused(
            "may not contain invisible characters (zero-width space, word joiner, byte-order mark)",
        ),
        NameFault::Blank => refused("must contain at least one visible character"),
    })?;
    if value.chars().count() < min {
        return Err(refused(&format!("must be {min}–{max} characters")));
    }
    Ok(value)
}

/// Longest bio, in characters.
pub const MAX_BIO_CHARS: usize = limits::BIO_MAX;

/// Trims and checks a bio: at most 300 characters, no control characters except newline.
/// Empty is allowed (it clears the bio).
pub fn bio(raw: &str) -> Result<String, ServiceError> {
    let value = raw.trim();
    if value.chars().count() > MAX_BIO_CHARS {
        return Err(ServiceError::Validation(format!(
            "bio must be at most {MAX_BIO_CHARS} characters"
        )));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ServiceError::Validation(
            "bio may not contain control characters other than newlines".to_string(),
        ));
    }
    Ok(value.to_string())
}

/// Trims and checks a member search prefix: 1–30 characters, no control characters.
pub fn search_query(raw: &str) -> Result<String, ServiceError> {
    text(raw, 30, "search query")
}

/// A page size: `default` when absent, else 1–`max`.
pub fn page_limit(raw: Option<u32>, default: u32, max: u32) -> Result<u32, ServiceError> {
    match raw {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(ServiceError::Validation(format!(
            "limit must be between 1 and {max}"
        ))),
    }
}

/// Checks a password: 8–200 characters.
pub fn password(raw: &str) -> Result<(), ServiceError> {
    let len = raw.chars().count();
    if (limits::PASSWORD_MIN..=limits::PASSWORD_MAX).contains(&len) {
        Ok(())
    } else {
        Err(ServiceError::Validation(format!(
            "password must be {}–{} characters",
            limits::PASSWORD_MIN,
            limits::PASSWORD_MAX
        )))
    }
}

fn text(raw: &str, max: usize, what: &str) -> Result<String, ServiceError> {
    let value = raw.trim();
    let len = value.chars().count();
    if len == 0 || len > max || value.chars().any(char::is_control) {
        return Err(ServiceError::Validation(format!(
            "{what} must be 1–{max} characters without control characters"
        )));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(username(" Alice_1 ").unwrap(), "alice_1");
        assert!(username("a").is_err());
        assert!(username("has space").is_err());
        assert!(username("émile").is_err());
        assert!(username(&"x".repeat(31)).is_err());
        assert!(username(&"x".repeat(30)).is_ok());
    }

    #[test]
    fn titles_and_names_are_bounded() {
        assert_eq!(room_title("  Hello  ").unwrap(), "Hello");
        assert!(room_title("").is_err());
        assert!(room_title(&"x".repeat(101)).is_err());
        assert!(display_name("bad\nname").is_err());
        assert!(room_title("\u{202E}evil").is_err());
        assert!(password("short").is_err());
        assert!(password("long enough").is_ok());
    }

    #[test]
    fn display_name_refusals_say_what_is_wrong() {
        let message = |raw: &str| display_name(raw).expect_err("refused").to_string();
        assert!(message("ab\u{202E}cd").contains("text-direction"));
        assert!(message("\u{3164}").contains("visible character"));
        assert!(message("ad\u{200B}min").contains("invisible characters"));
        assert!(message("a\u{7}b").contains("control"));
        assert!(message("").contains("1–50"));
        assert_eq!(display_name("Zoe\u{308}").unwrap(), "Zo\u{EB}");
    }

    #[test]
    fn bios_allow_newlines_only() {
        assert_eq!(bio("  hi\nthere \n").unwrap(), "hi\nthere");
        assert_eq!(bio("").unwrap(), "");
        assert_eq!(bio(&"é".repeat(300)).unwrap().chars().count(), 300);
        assert!(bio(&"é".repeat(301)).is_err());
        assert!(bio("tab\there").is_err());
        assert!(bio("cr\r\nlf").is_err());
        assert!(bio("nul\0").is_err());
    }

    #[test]
    fn search_queries_and_page_limits_are_bounded() {
        assert_eq!(search_query(" Al ").unwrap(), "Al");
        assert!(search_query("  ").is_err());
        assert!(search_query(&"a".repeat(31)).is_err());
        assert!(search_query(&"a".repeat(30)).is_ok());
        assert_eq!(page_limit(None, 50, 100).unwrap(), 50);
        assert_eq!(page_limit(Some(1), 50, 100).unwrap(), 1);
        assert_eq!(page_limit(Some(100), 50, 100).unwrap(), 100);
        assert!(page_limit(Some(0), 50, 100).is_err());
        assert!(page_limit(Some(101), 50, 100).is_err());
    }
}
