//! The limits on what clients send: lengths in characters, list sizes and counts. The service
//! enforces these constants and the OpenAPI document states them ([`Documented`]), so each
//! number lives here once.
//!
//! utoipa's `#[schema(max_length = …)]` takes only a literal, so the request types carry no
//! such attributes: [`Documented`] writes every bound below into the document's component
//! schemas instead (and panics when a schema or field it names is missing).

use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};

/// Shortest username (sign-up, waitlist).
pub const USERNAME_MIN: usize = 2;
/// Longest username.
pub const USERNAME_MAX: usize = 30;
/// Shortest display name.
pub const DISPLAY_NAME_MIN: usize = 1;
/// Longest display name.
pub const DISPLAY_NAME_MAX: usize = 50;
/// Shortest password.
pub const PASSWORD_MIN: usize = 8;
/// Longest password.
pub const PASSWORD_MAX: usize = 200;
/// Longest bio.
pub const BIO_MAX: usize = 300;

/// Shortest room title.
pub const ROOM_TITLE_MIN: usize = 1;
/// Longest room title.
pub const ROOM_TITLE_MAX: usize = 100;
/// Most members a closed room names when it is created.
pub const ROOM_NAMED_MAX: usize = 50;

/// Fewest members a waitlist request names.
pub const WAITLIST_NAMED_MIN: usize = 1;
/// Most members a waitlist request names.
pub const WAITLIST_NAMED_MAX: usize = 5;

/// Fewest invites an admin grants at once.
pub const GRANT_INVITES_MIN: u32 = 1;
/// Most invites an admin grants at once.
pub const GRANT_INVITES_MAX: u32 = 1000;

/// Most notification ids one mark-read request names.
pub const MARK_READ_IDS_MAX: usize = 500;

/// Shortest club name.
pub const CLUB_NAME_MIN: usize = 2;
/// Longest club name.
pub const CLUB_NAME_MAX: usize = 50;
/// Longest club description.
pub const CLUB_DESCRIPTION_MAX: usize = 1000;
/// Longest club rules.
pub const CLUB_RULES_MAX: usize = 2000;

/// Shortest event title.
pub const EVENT_TITLE_MIN: usize = 1;
/// Longest event title.
pub const EVENT_TITLE_MAX: usize = 100;
/// Longest event description.
pub const EVENT_DESCRIPTION_MAX: usize = 1000;
/// Most co-hosts of an event.
pub const EVENT_COHOSTS_MAX: usize = 5;

/// Longest text of a report (its details, a moderator's note).
pub const REPORT_TEXT_MAX: usize = 1000;

/// A bound one request field documents.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// `minLength`/`maxLength` of a string (no minimum when it is 0).
    Length(usize, usize),
    /// `minItems`/`maxItems` of an array (no minimum when it is 0).
    Items(usize, usize),
    /// `minimum`/`maximum` of an integer.
    Range(u32, u32),
}

use Bound::{Items, Length, Range};

/// Every documented bound: (component schema, property, bound).
const BOUNDS: &[(&str, &str, Bound)] = &[
    (
        "SignupRequest",
        "username",
        Length(USERNAME_MIN, USERNAME_MAX),
    ),
    (
        "SignupRequest",
        "display_name",
        Length(DISPLAY_NAME_MIN, DISPLAY_NAME_MAX),
    ),
    (
        "SignupRequest",
        "password",
        Length(PASSWORD_MIN, PASSWORD_MAX),
    ),
    (
        "UpdateProfileRequest",
        "display_name",
        Length(DISPLAY_NAME_MIN, DISPLAY_NAME_MAX),
    ),
    ("UpdateProfileRequest", "bio", Length(0, BIO_MAX)),
    (
        "CreateRoomRequest",
        "title",
        Length(ROOM_TITLE_MIN, ROOM_TITLE_MAX),
    ),
    ("CreateRoomRequest", "invited", Items(0, ROOM_NAMED_MAX)),
    (
        "WaitlistRequest",
        "username",
        Length(USERNAME_MIN, USERNAME_MAX),
    ),
    (
        "WaitlistRequest",
        "display_name",
        Length(DISPLAY_NAME_MIN, DISPLAY_NAME_MAX),
    ),
    (
        "WaitlistRequest",
        "named",
        Items(WAITLIST_NAMED_MIN, WAITLIST_NAMED_MAX),
    ),
    (
        "WaitlistSignupRequest",
        "password",
        Length(PASSWORD_MIN, PASSWORD_MAX),
    ),
    (
        "GrantInvitesRequest",
        "count",
        Range(GRANT_INVITES_MIN, GRANT_INVITES_MAX),
    ),
    ("MarkReadRequest", "ids", Items(0, MARK_READ_IDS_MAX)),
    (
        "CreateClubRequest",
        "name",
        Length(CLUB_NAME_MIN, CLUB_NAME_MAX),
    ),
    (
        "CreateClubRequest",
        "description",
        Length(0, CLUB_DESCRIPTION_MAX),
    ),
    ("CreateClubRequest", "rules", Length(0, CLUB_RULES_MAX)),
    (
        "UpdateClubRequest",
        "name",
        Length(CLUB_NAME_MIN, CLUB_NAME_MAX),
    ),
    (
        "UpdateClubRequest",
        "description",
        Length(0, CLUB_DESCRIPTION_MAX),
    ),
    ("UpdateClubRequest", "rules", Length(0, CLUB_RULES_MAX)),
    (
        "CreateEventRequest",
        "title",
        Length(EVENT_TITLE_MIN, EVENT_TITLE_MAX),
    ),
    (
        "CreateEventRequest",
        "description",
        Length(0, EVENT_DESCRIPTION_MAX),
    ),
    ("CreateEventRequest", "cohosts", Items(0, EVENT_COHOSTS_MAX)),
    (
        "UpdateEventRequest",
        "title",
        Length(EVENT_TITLE_MIN, EVENT_TITLE_MAX),
    ),
    (
        "UpdateEventRequest",
        "description",
        Length(0, EVENT_DESCRIPTION_MAX),
    ),
    ("UpdateEventRequest", "cohosts", Items(0, EVENT_COHOSTS_MAX)),
    ("CreateReportRequest", "details", Length(0, REPORT_TEXT_MAX)),
    ("ResolveReportRequest", "note", Length(0, REPORT_TEXT_MAX)),
];

/// Writes the limits above into an OpenAPI document's component schemas (run it on the whole
/// document, once every schema is collected).
///
/// # Panics
///
/// When a schema or property it names is missing or is not of the bound's kind: a renamed
/// field must not lose its documented limit silently.
pub struct Documented;

impl utoipa::Modify for Documented {
    fn modify(&self, openapi: &mut OpenApi) {
        let schemas = &mut openapi
            .components
            .as_mut()
            .expect("the document has components")
            .schemas;
        for &(schema, field, bound) in BOUNDS {
            let Some(RefOr::T(Schema::Object(object))) = schemas.get_mut(schema) else {
                panic!("limits: no object schema {schema} in the document");
            };
            let Some(RefOr::T(property)) = object.properties.get_mut(field) else {
                panic!("limits: {schema} has no inline property {field}");
            };
            let min = |n: usize| (n > 0).then_some(n);
            match (bound, property) {
                (Length(lo, hi), Schema::Object(text)) => {
                    text.min_length = min(lo);
                    text.max_length = Some(hi);
                }
                (Items(lo, hi), Schema::Array(list)) => {
                    list.min_items = min(lo);
                    list.max_items = Some(hi);
                }
                (Range(lo, hi), Schema::Object(number)) => {
                    number.minimum = Some(lo.into());
                    number.maximum = Some(hi.into());
                }
                (bound, _) => panic!("limits: {schema}.{field} cannot take {bound:?}"),
            }
        }
    }
}
