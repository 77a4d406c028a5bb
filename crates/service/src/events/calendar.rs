//! The member's private calendar feed: a secret URL (`/cal/{token}.ics`, no session needed)
//! listing the events they host, asked to be notified of, or that are in their clubs, from
//! 30 days ago on (cancelled ones with `STATUS:CANCELLED`, so calendar apps remove them).
//!
//! One token per member, made on first use and shown again on every visit (calendar apps keep
//! the URL for years); a reset replaces it and the old URL answers 404.

use chrono::Duration;
use stoa_proto::events::CalendarFeed;
use stoa_store::EventQuery;

use super::Events;
use crate::accounts::Member;
use crate::{secrets, ServiceError};

/// Most events in a feed.
pub const MAX_FEED: u32 = 500;

/// How far back a feed reaches.
pub fn feed_window() -> Duration {
    Duration::days(30)
}

impl Events {
    fn calendar_url(&self, token: &str) -> String {
        format!(
            "{}/cal/{}.ics",
            self.config().public_url.trim_end_matches('/'),
            token
        )
    }

    /// The URL of the member's calendar feed (the same one until they reset it).
    pub async fn calendar_feed(&self, member: &Member) -> Result<CalendarFeed, ServiceError> {
        let token = self
            .store()
            .calendar_token(
                member.record.id,
                &secrets::new_secret(),
                self.config().clock.now(),
            )
            .await?;
        Ok(CalendarFeed {
            url: self.calendar_url(&token),
        })
    }

    /// Replaces the member's feed URL (the old one stops working) and returns the new one.
    pub async fn reset_calendar_feed(&self, member: &Member) -> Result<CalendarFeed, ServiceError> {
        let token = secrets::new_secret();
        self.store()
            .reset_calendar_tokens(member.record.id, &token, self.config().clock.now())
            .await?;
        tracing::info!(user = %member.record.id, "calendar feed reset");
        Ok(CalendarFeed {
            url: self.calendar_url(&token),
        })
    }

    /// The feed behind `token` as iCalendar text; `not_found` for an unknown or revoked token.
    pub async fn calendar_feed_ics(&self, token: &str) -> Result<String, ServiceError> {
        let not_found = || ServiceError::NotFound("calendar");
        let user = self
            .store()
            .calendar_token_user(token)
            .await?
            .ok_or_else(not_found)?;
        let clubs = self.club_ids_of(user).await?;
        let now = self.config().clock.now();
        let events = self
            .store()
            .list_events(&EventQuery {
                viewer: user,
                clubs,
                from: now - feed_window(),
                followed_hosts: false,
                include_cancelled: true,
                include_ended: true,
                limit: MAX_FEED,
            })
            .await?;
        Ok(super::ics::calendar(
            &self.config().public_url,
            now,
            Some("Stoa events"),
            &events,
        ))
    }
}
