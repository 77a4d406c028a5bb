//! The one line each notification shows, in the recipient's language (English or Romanian).
//!
//! A typed table rather than Fluent resources (`fluent-bundle`, `fluent-templates`) on purpose:
//! each language is one exhaustive `match` over [`NotificationKind`], so a kind added without a
//! text in every language, or a text missing the name it needs, does not compile; with Fluent a
//! missing message or variable is found only at run time (as a fallback or an error string).
//! These fifteen sentences have no plural or gender to choose (counts never appear), which is
//! what Fluent's grammar is for, and `fluent-bundle` wraps every placeable in Unicode isolation
//! marks by default, which would change the texts clients show and tests compare.

use stoa_proto::rest::{NotificationKind, RoomRef, UserSummary};
use stoa_proto::Language;
use stoa_store::NotificationExtra;

/// What a notification's line may name, with the language's words for what is unknown.
struct Names<'a> {
    /// The actor ("Someone" when unknown).
    who: &'a str,
    /// The room's title ("a room").
    title: &'a str,
    /// The event's title ("An event").
    event: &'a str,
    /// The club's name ("a club").
    club: &'a str,
    /// A moderator's note to a warned member (may be empty).
    note: &'a str,
    /// The room of a report, when there is one.
    reported_room: Option<&'a str>,
    /// The username reserved on the waitlist ("someone").
    waitlisted: &'a str,
    /// The display name given on the waitlist, when known.
    waitlisted_as: Option<&'a str>,
}

/// The words for an unknown actor, room, event, club and waitlisted person in `lang`.
fn unknown(lang: Language) -> [&'static str; 5] {
    match lang {
        Language::En => ["Someone", "a room", "An event", "a club", "someone"],
        Language::Ro => ["Cineva", "o cameră", "Un eveniment", "un club", "cineva"],
    }
}

/// The line shown for a notification in `lang`, e.g. "Ada pinged you into “Rust talk”" or
/// "Ada te-a chemat în „Rust talk”".
pub fn notification_text(
    lang: Language,
    kind: NotificationKind,
    actor: Option<&UserSummary>,
    room: Option<&RoomRef>,
    waitlist_username: Option<&str>,
    waitlist_display_name: Option<&str>,
    extra: &NotificationExtra,
) -> String {
    let [who, title, event, club, someone] = unknown(lang);
    let names = Names {
        who: actor.map_or(who, |a| a.display_name.as_str()),
        title: room.map_or(title, |r| r.title.as_str()),
        event: extra.event.as_ref().map_or(event, |e| e.title.as_str()),
        club: extra.club.as_ref().map_or(club, |c| c.name.as_str()),
        note: extra.note.as_deref().unwrap_or(""),
        reported_room: room.map(|r| r.title.as_str()),
        waitlisted: waitlist_username.unwrap_or(someone),
        waitlisted_as: waitlist_display_name,
    };
    match lang {
        Language::En => english(kind, &names),
        Language::Ro => romanian(kind, &names),
    }
}

fn english(kind: NotificationKind, n: &Names) -> String {
    let Names {
        who,
        title,
        event,
        club,
        note,
        ..
    } = n;
    match kind {
        NotificationKind::RoomStarted => format!("{who} started “{title}”"),
        NotificationKind::WentOnStage => format!("{who} is on stage in “{title}”"),
        NotificationKind::Pinged => format!("{who} pinged you into “{title}”"),
        NotificationKind::SpeakInvite => format!("{who} invited you to speak in “{title}”"),
        NotificationKind::NewFollower => format!("{who} followed you"),
        NotificationKind::InviteUsed => format!("{who} signed up with your invite"),
        NotificationKind::EventStarting => format!("“{event}” is due: start the room"),
        NotificationKind::EventLive => format!("“{event}” is live now"),
        NotificationKind::EventChanged => format!("“{event}” changed"),
        NotificationKind::EventCancelled => format!("“{event}” was cancelled"),
        NotificationKind::ClubJoinRequested => format!("{who} asked to join {club}"),
        NotificationKind::ClubJoinApproved => format!("You are now a member of {club}"),
        NotificationKind::Warned if note.is_empty() => {
            "A moderator of Stoa warned you about your conduct".to_string()
        }
        NotificationKind::Warned => format!("A moderator of Stoa warned you: {note}"),
        NotificationKind::ReportFiled => match n.reported_room {
            Some(room) => format!("{who} filed a report about “{room}”"),
            None => format!("{who} filed a report"),
        },
        NotificationKind::WaitlistNamed => match n.waitlisted_as {
            Some(display) => format!("{} ({display}) on the waitlist named you", n.waitlisted),
            None => format!("{} on the waitlist named you", n.waitlisted),
        },
    }
}

fn romanian(kind: NotificationKind, n: &Names) -> String {
    let Names {
        who,
        title,
        event,
        club,
        note,
        ..
    } = n;
    match kind {
        NotificationKind::RoomStarted => format!("{who} a pornit „{title}”"),
        NotificationKind::WentOnStage => format!("{who} e pe scenă în „{title}”"),
        NotificationKind::Pinged => format!("{who} te-a chemat în „{title}”"),
        NotificationKind::SpeakInvite => format!("{who} te-a invitat să vorbești în „{title}”"),
        NotificationKind::NewFollower => format!("{who} a început să te urmărească"),
        NotificationKind::InviteUsed => format!("{who} s-a înscris cu invitația ta"),
        NotificationKind::EventStarting => format!("E timpul pentru „{event}”: pornește camera"),
        NotificationKind::EventLive => format!("„{event}” e live acum"),
        NotificationKind::EventChanged => format!("„{event}” s-a schimbat"),
        NotificationKind::EventCancelled => format!("„{event}” a fost anulat"),
        NotificationKind::ClubJoinRequested => format!("{who} a cerut să intre în {club}"),
        NotificationKind::ClubJoinApproved => format!("Acum ești membru al clubului {club}"),
        NotificationKind::Warned if note.is_empty() => {
            "Un moderator Stoa te-a avertizat pentru felul în care te porți".to_string()
        }
        NotificationKind::Warned => format!("Un moderator Stoa te-a avertizat: {note}"),
        NotificationKind::ReportFiled => match n.reported_room {
            Some(room) => format!("{who} a trimis un raport despre „{room}”"),
            None => format!("{who} a trimis un raport"),
        },
        NotificationKind::WaitlistNamed => match n.waitlisted_as {
            Some(display) => {
                format!(
                    "{} ({display}) de pe lista de așteptare te-a numit",
                    n.waitlisted
                )
            }
            None => format!("{} de pe lista de așteptare te-a numit", n.waitlisted),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_proto::{RoomId, UserId};

    fn ada() -> UserSummary {
        UserSummary {
            id: UserId(1),
            username: "ada".to_string(),
            display_name: "Ada".to_string(),
            avatar: None,
        }
    }

    fn room() -> RoomRef {
        RoomRef {
            id: RoomId("r".to_string()),
            title: "Rust talk".to_string(),
        }
    }

    fn extra() -> NotificationExtra {
        NotificationExtra {
            event: Some(stoa_proto::events::EventRef {
                id: stoa_proto::EventId(3),
                title: "Rust AMA".to_string(),
                starts_at: chrono::Utc::now(),
            }),
            club: Some(stoa_proto::clubs::ClubRef {
                id: stoa_proto::ClubId(1),
                name: "Rustaceans".to_string(),
            }),
            note: Some("be kind".to_string()),
        }
    }

    /// The text of `kind` by Ada about the room "Rust talk", in `language`.
    fn in_room(language: Language, kind: NotificationKind) -> String {
        let none = NotificationExtra::default();
        notification_text(
            language,
            kind,
            Some(&ada()),
            Some(&room()),
            None,
            None,
            &none,
        )
    }

    #[test]
    fn texts_name_the_actor_and_room() {
        let (none, ada) = (NotificationExtra::default(), ada());
        let text = |kind| in_room(Language::En, kind);
        assert_eq!(
            text(NotificationKind::Pinged),
            "Ada pinged you into “Rust talk”"
        );
        assert_eq!(text(NotificationKind::NewFollower), "Ada followed you");
        assert_eq!(
            text(NotificationKind::RoomStarted),
            "Ada started “Rust talk”"
        );
        assert_eq!(
            text(NotificationKind::WentOnStage),
            "Ada is on stage in “Rust talk”"
        );
        assert_eq!(
            text(NotificationKind::SpeakInvite),
            "Ada invited you to speak in “Rust talk”"
        );
        assert_eq!(
            text(NotificationKind::InviteUsed),
            "Ada signed up with your invite"
        );
        assert_eq!(
            text(NotificationKind::ReportFiled),
            "Ada filed a report about “Rust talk”"
        );
        let en = |kind, actor, user, display| {
            notification_text(Language::En, kind, actor, None, user, display, &none)
        };
        assert_eq!(
            en(NotificationKind::ReportFiled, Some(&ada), None, None),
            "Ada filed a report"
        );
        assert_eq!(
            en(
                NotificationKind::WaitlistNamed,
                None,
                Some("bob"),
                Some("Bob B")
            ),
            "bob (Bob B) on the waitlist named you"
        );
        assert_eq!(
            en(NotificationKind::WaitlistNamed, None, Some("bob"), None),
            "bob on the waitlist named you"
        );
        let event = extra();
        let with =
            |kind| notification_text(Language::En, kind, Some(&ada), None, None, None, &event);
        assert_eq!(with(NotificationKind::EventLive), "“Rust AMA” is live now");
        assert_eq!(
            with(NotificationKind::ClubJoinRequested),
            "Ada asked to join Rustaceans"
        );
        assert_eq!(
            with(NotificationKind::Warned),
            "A moderator of Stoa warned you: be kind"
        );
    }

    #[test]
    fn romanian_texts_use_romanian_words_and_quotes() {
        let (none, ada) = (NotificationExtra::default(), ada());
        let text = |kind| in_room(Language::Ro, kind);
        assert_eq!(
            text(NotificationKind::Pinged),
            "Ada te-a chemat în „Rust talk”"
        );
        assert_eq!(
            text(NotificationKind::RoomStarted),
            "Ada a pornit „Rust talk”"
        );
        assert_eq!(
            text(NotificationKind::NewFollower),
            "Ada a început să te urmărească"
        );
        assert_eq!(
            text(NotificationKind::SpeakInvite),
            "Ada te-a invitat să vorbești în „Rust talk”"
        );
        let event = extra();
        let with =
            |kind| notification_text(Language::Ro, kind, Some(&ada), None, None, None, &event);
        assert_eq!(with(NotificationKind::EventLive), "„Rust AMA” e live acum");
        assert_eq!(
            with(NotificationKind::ClubJoinApproved),
            "Acum ești membru al clubului Rustaceans"
        );
        assert_eq!(
            notification_text(
                Language::Ro,
                NotificationKind::RoomStarted,
                None,
                None,
                None,
                None,
                &none
            ),
            "Cineva a pornit „o cameră”"
        );
    }

    #[test]
    fn every_kind_reads_differently_in_each_language() {
        let (ada, room, event) = (ada(), room(), extra());
        use NotificationKind::*;
        let kinds = [
            RoomStarted,
            WentOnStage,
            Pinged,
            SpeakInvite,
            NewFollower,
            InviteUsed,
            WaitlistNamed,
            EventStarting,
            EventLive,
            EventChanged,
            EventCancelled,
            ClubJoinRequested,
            ClubJoinApproved,
            Warned,
            ReportFiled,
        ];
        for kind in kinds {
            let text = |lang| {
                notification_text(
                    lang,
                    kind,
                    Some(&ada),
                    Some(&room),
                    Some("bob"),
                    None,
                    &event,
                )
            };
            let (en, ro) = (text(Language::En), text(Language::Ro));
            assert!(!en.is_empty() && !ro.is_empty(), "{kind:?}");
            assert_ne!(en, ro, "{kind:?} has no Romanian text");
        }
    }
}
