//! Checking a link a moderator pins: an `http(s)` URL of at most 500 characters that parses,
//! and a title of at most 100 characters; neither may hold control characters.

use crate::ServiceError;

/// Longest pinned URL, in characters.
pub const MAX_LINK_URL: usize = 500;
/// Longest pinned-link title, in characters.
pub const MAX_LINK_TITLE: usize = 100;

/// The trimmed URL and title, or `validation`.
pub(crate) fn pinned_link(url: &str, title: &str) -> Result<(String, String), ServiceError> {
    let bad = |why: &str| Err(ServiceError::Validation(why.to_string()));
    let (url, title) = (url.trim(), title.trim());
    if url.is_empty() {
        return bad("the link is empty");
    }
    if url.chars().count() > MAX_LINK_URL {
        return bad("the link is longer than 500 characters");
    }
    if title.chars().count() > MAX_LINK_TITLE {
        return bad("the title is longer than 100 characters");
    }
    if url.chars().chain(title.chars()).any(char::is_control) {
        return bad("the link or title contains control characters");
    }
    let Ok(parsed) = url::Url::parse(url) else {
        return bad("the link is not a valid URL");
    };
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return bad("only http and https links can be pinned");
    }
    Ok((url.to_string(), title.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_links_and_refuses_the_rest() {
        assert!(pinned_link("https://example.com/a?b=c", "Docs").is_ok());
        assert!(pinned_link("http://example.com", "").is_ok());
        for url in [
            "javascript:alert(1)",
            "ftp://example.com",
            "not a url",
            "",
            "https://exa mple.com",
        ] {
            assert!(pinned_link(url, "").is_err(), "{url}");
        }
        let long = format!("https://example.com/{}", "a".repeat(600));
        assert!(pinned_link(&long, "").is_err());
        assert!(pinned_link("https://example.com", &"t".repeat(101)).is_err());
        assert!(pinned_link("https://example.com", "a\u{7}b").is_err());
    }
}
