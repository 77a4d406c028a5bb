//! The share pages as askama templates (`crates/api/templates/share/`): every field is plain
//! text, and the templates HTML-escape each value they interpolate, so no member-chosen title,
//! name or bio can add markup.

use askama::Template;
use stoa_proto::rest::UserSummary;

/// Name shown as `og:site_name` and in page titles.
pub(super) const SITE_NAME: &str = "Stoa";

/// What a preview's head says (Open Graph and Twitter-card tags), and where "Sign in" leads.
pub(super) struct Meta {
    /// Page title and `og:title`.
    pub title: String,
    /// `description` and `og:description`.
    pub description: String,
    /// `og:type`: `website` or `profile`.
    pub og_type: &'static str,
    /// The canonical (absolute) URL of the share link.
    pub url: String,
    /// Absolute URL of an image for `og:image`.
    pub image: Option<String>,
    /// The sign-in link (which leads on to the web client's page).
    pub signin: String,
}

/// The preview of an open or social room, live or ended; its title is `meta.title`.
#[derive(Template)]
#[template(path = "share/room.html")]
pub(super) struct RoomPage {
    pub meta: Meta,
    /// "Live now" or "Ended".
    pub status: &'static str,
    pub ended: bool,
    /// Who is on stage (empty once ended).
    pub stage: Vec<UserSummary>,
    /// "N listeners".
    pub listeners: String,
}

/// The preview of a closed or members-only club room: nothing about it.
#[derive(Template)]
#[template(path = "share/private_room.html")]
pub(super) struct PrivateRoomPage {
    pub meta: Meta,
}

/// The preview of a member's public profile.
#[derive(Template)]
#[template(path = "share/profile.html")]
pub(super) struct ProfilePage {
    pub meta: Meta,
    /// Absolute URL of the avatar.
    pub avatar: Option<String>,
    pub display_name: String,
    pub username: String,
    /// The bio, trimmed (may be empty).
    pub bio: String,
    /// "N followers".
    pub followers: String,
}

/// The page for a failed lookup or a server error.
#[derive(Template)]
#[template(path = "share/error.html")]
pub(super) struct ErrorPage {
    pub heading: &'static str,
    pub text: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_proto::UserId;

    const HOSTILE: &str = r#"<script>alert("x")</script> & 'friends'"#;

    fn meta(title: &str) -> Meta {
        Meta {
            title: title.to_owned(),
            description: format!("Live now · On stage: {HOSTILE}"),
            og_type: "website",
            url: "https://stoa.example/r/abc".to_owned(),
            image: Some(r#"https://stoa.example/a.png?"><script>"#.to_owned()),
            signin: "/signin?next=/rooms/abc".to_owned(),
        }
    }

    /// No markup from member-chosen text survives; each `content="…"` stays one attribute.
    fn assert_inert(html: &str) {
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("\"x\""), "{html}");
        assert!(!html.contains("'friends'"), "{html}");
        for line in html.lines().filter(|l| l.starts_with("<meta ")) {
            assert_eq!(line.matches('"').count() % 2, 0, "{line}");
            assert!(line.ends_with("\">"), "{line}");
        }
    }

    #[test]
    fn hostile_room_titles_and_names_are_escaped() {
        let page = RoomPage {
            meta: meta(HOSTILE),
            status: "Live now",
            ended: false,
            stage: vec![UserSummary {
                id: UserId(1),
                username: "ada".to_owned(),
                display_name: "Ada <b>\"Host\"</b>".to_owned(),
                avatar: None,
            }],
            listeners: "1 listener".to_owned(),
        };
        let html = page.render().expect("renders");
        assert_inert(&html);
        assert!(html.contains("<meta property=\"og:title\" content=\"&#60;script&#62;"));
        assert!(html.contains(
            "<h1>&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;friends&#39;</h1>"
        ));
        assert!(html.contains(
            "<li>Ada &#60;b&#62;&#34;Host&#34;&#60;/b&#62; <span class=\"handle\">@ada</span></li>"
        ));
        assert!(html.contains("<p class=\"count\">1 listener</p>"));
        assert!(html.contains("href=\"/signin?next=/rooms/abc\""));
    }

    #[test]
    fn hostile_profiles_are_escaped() {
        let page = ProfilePage {
            meta: Meta {
                og_type: "profile",
                ..meta("Ada <b>\"Host\"</b> (@ada)")
            },
            avatar: Some("https://stoa.example/a.png?\"onerror=\"x".to_owned()),
            display_name: "Ada <b>\"Host\"</b>".to_owned(),
            username: "ada".to_owned(),
            bio: HOSTILE.to_owned(),
            followers: "2 followers".to_owned(),
        };
        let html = page.render().expect("renders");
        assert_inert(&html);
        assert!(!html.contains("\"onerror"), "{html}");
        assert!(html.contains("<meta property=\"og:type\" content=\"profile\">"));
        assert!(html.contains("<p class=\"bio\">&#60;script&#62;"));
    }

    #[test]
    fn private_rooms_and_errors_render() {
        let html = PrivateRoomPage {
            meta: Meta {
                image: None,
                ..meta("A private room")
            },
        }
        .render()
        .expect("renders");
        assert!(html.contains("<h1>This room is private</h1>"));
        assert!(!html.contains("og:image"));
        let html = ErrorPage {
            heading: "Not found",
            text: "Nothing here.",
        }
        .render()
        .expect("renders");
        assert!(html.contains("<title>Not found · Stoa</title>"));
        assert!(!html.contains("og:title"));
    }
}
