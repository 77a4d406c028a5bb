//! Input rules for user-supplied fields.

use crate::ServiceError;

/// Lower-cases and checks a username: 2–30 of `a-z 0-9 _`.
pub fn username(raw: &str) -> Result<String, ServiceError> {
    let name = raw.trim().to_ascii_lowercase();
    let ok = (2..=30).contains(&name.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_');
    if ok {
        Ok(name)
    } else {
        Err(ServiceError::Validation(
            "username must be 2–30 characters of a-z, 0-9 and _".to_string(),
        ))
    }
}

/// Trims and checks a display name: 1–50 characters, no control characters.
pub fn display_name(raw: &str) -> Result<String, ServiceError> {
    text(raw, 50, "display name")
}

/// Trims and checks a room title: 1–100 characters, no control characters.
pub fn room_title(raw: &str) -> Result<String, ServiceError> {
    text(raw, 100, "room title")
}

/// Checks a password: 8–200 characters.
pub fn password(raw: &str) -> Result<(), ServiceError> {
    let len = raw.chars().count();
    if (8..=200).contains(&len) {
        Ok(())
    } else {
        Err(ServiceError::Validation(
            "password must be 8–200 characters".to_string(),
        ))
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
        assert!(password("short").is_err());
        assert!(password("long enough").is_ok());
    }
}
