//! iCalendar (RFC 5545) output: one event as a file, or a member's feed.
//!
//! Written by hand because it is small: `TEXT` values are escaped (`\\`, `\;`, `\,`, line
//! breaks as `\n`), lines end with CRLF and are folded at 75 octets (never inside a UTF-8
//! character), times are UTC (`…Z`).

use chrono::{DateTime, Utc};
use stoa_store::EventRecord;

use super::Events;

/// The calendar's product id.
pub const PRODID: &str = "-//Stoa//Stoa events//EN";

/// How long an event is shown to last.
pub const DURATION: &str = "PT1H";

/// Escapes an iCalendar `TEXT` value.
pub fn escape_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A UTC date-time as iCalendar writes it: `20260102T030405Z`.
pub fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Appends one content line, folded at 75 octets, ending with CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// The host part of a URL (`event-{id}@{host}` UIDs), `stoa.invalid` if there is none.
pub fn url_host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "stoa.invalid".to_string())
}

/// What an event needs beyond its record.
struct Site<'a> {
    public_url: &'a str,
    host: String,
    stamp: DateTime<Utc>,
}

fn vevent(out: &mut String, site: &Site<'_>, event: &EventRecord) {
    let url = format!("{}/events/{}", site.public_url, event.id);
    let mut description = event.description.clone();
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(&url);
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:event-{}@{}", event.id, site.host));
    line(out, &format!("DTSTAMP:{}", utc(site.stamp)));
    line(out, &format!("DTSTART:{}", utc(event.starts_at)));
    line(out, &format!("DURATION:{DURATION}"));
    line(out, &format!("SUMMARY:{}", escape_text(&event.title)));
    line(out, &format!("DESCRIPTION:{}", escape_text(&description)));
    line(out, &format!("URL:{url}"));
    let status = if event.cancelled_at.is_some() {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    line(out, &format!("STATUS:{status}"));
    line(out, &format!("SEQUENCE:{}", event.sequence));
    line(out, "END:VEVENT");
}

/// A VCALENDAR holding `events`; `name` is the calendar's display name (feeds).
pub fn calendar(
    public_url: &str,
    stamp: DateTime<Utc>,
    name: Option<&str>,
    events: &[EventRecord],
) -> String {
    let public_url = public_url.trim_end_matches('/');
    let site = Site {
        public_url,
        host: url_host(public_url),
        stamp,
    };
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, &format!("PRODID:{PRODID}"));
    line(&mut out, "VERSION:2.0");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    if let Some(name) = name {
        line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    }
    for event in events {
        vevent(&mut out, &site, event);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

impl Events {
    /// One event as an iCalendar file for `viewer` (`not_found` if they may not see it);
    /// returns the file name and the text.
    pub async fn event_ics(
        &self,
        viewer: stoa_proto::UserId,
        id: stoa_proto::EventId,
    ) -> Result<(String, String), crate::ServiceError> {
        let record = self.visible_event(viewer, id).await?;
        let text = calendar(
            &self.config().public_url,
            self.config().clock.now(),
            None,
            std::slice::from_ref(&record),
        );
        Ok((format!("stoa-event-{id}.ics"), text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a;b,c\\d\ne\r\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let content = format!("SUMMARY:{}", "é".repeat(80));
        line(&mut out, &content);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, content);
    }

    #[test]
    fn hosts_come_from_the_public_url() {
        assert_eq!(url_host("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(url_host("https://stoa.example/x"), "stoa.example");
    }
}
