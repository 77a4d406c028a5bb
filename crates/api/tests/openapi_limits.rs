//! The limits the OpenAPI document states are the ones the service enforces: each documented
//! length, count or range is checked against the service's constant or, where the rule is a
//! function, against that function at the boundary.

use serde_json::Value;
use stoa_service::validate;

fn doc() -> Value {
    serde_json::to_value(stoa_api::openapi::document()).expect("document as JSON")
}

/// `keyword` of property `field` of component schema `schema`.
fn property(doc: &Value, schema: &str, field: &str, keyword: &str) -> usize {
    let value = &doc["components"]["schemas"][schema]["properties"][field][keyword];
    value
        .as_u64()
        .unwrap_or_else(|| panic!("{schema}.{field} documents no {keyword}: {value}")) as usize
}

/// `keyword` of query parameter `name` of the operation `operation_id`.
fn parameter(doc: &Value, operation_id: &str, name: &str, keyword: &str) -> usize {
    for item in doc["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("item").values() {
            if operation["operationId"] != operation_id {
                continue;
            }
            let parameter = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| p["name"] == name)
                .unwrap_or_else(|| panic!("{operation_id} has no parameter {name}"));
            let value = &parameter["schema"][keyword];
            return value
                .as_u64()
                .unwrap_or_else(|| panic!("{operation_id}?{name} documents no {keyword}: {value}"))
                as usize;
        }
    }
    panic!("no operation {operation_id}")
}

/// A text rule accepts `min..=max` characters and refuses one fewer and one more.
fn assert_bounds(rule: impl Fn(&str) -> bool, min: usize, max: usize, what: &str) {
    assert!(rule(&"a".repeat(max)), "{what}: {max} characters refused");
    assert!(
        !rule(&"a".repeat(max + 1)),
        "{what}: {} characters accepted",
        max + 1
    );
    assert!(rule(&"a".repeat(min)), "{what}: {min} characters refused");
    if min > 0 {
        assert!(
            !rule(&"a".repeat(min - 1)),
            "{what}: {} characters accepted",
            min - 1
        );
    }
}

#[test]
fn documented_text_lengths_are_the_service_rules() {
    let doc = doc();
    let bounds = |schema, field| {
        (
            property(&doc, schema, field, "minLength"),
            property(&doc, schema, field, "maxLength"),
        )
    };
    let username = |s: &str| validate::username(s).is_ok();
    let display_name = |s: &str| validate::display_name(s).is_ok();
    let password = |s: &str| validate::password(s).is_ok();
    for schema in ["SignupRequest", "WaitlistRequest"] {
        let (min, max) = bounds(schema, "username");
        assert_bounds(username, min, max, "username");
        let (min, max) = bounds(schema, "display_name");
        assert_bounds(display_name, min, max, "display name");
    }
    for schema in ["SignupRequest", "WaitlistSignupRequest"] {
        let (min, max) = bounds(schema, "password");
        assert_bounds(password, min, max, "password");
    }
    let (min, max) = bounds("UpdateProfileRequest", "display_name");
    assert_bounds(display_name, min, max, "display name");
    let (min, max) = bounds("CreateRoomRequest", "title");
    assert_bounds(|s| validate::room_title(s).is_ok(), min, max, "room title");
    assert_eq!(
        property(&doc, "UpdateProfileRequest", "bio", "maxLength"),
        validate::MAX_BIO_CHARS
    );
    let (min, max) = (
        parameter(&doc, "searchMembers", "q", "minLength"),
        parameter(&doc, "searchMembers", "q", "maxLength"),
    );
    assert_bounds(
        |s| validate::search_query(s).is_ok(),
        min,
        max,
        "member search",
    );
    for (schema, field) in [
        ("CreateReportRequest", "details"),
        ("ResolveReportRequest", "note"),
    ] {
        assert_eq!(
            property(&doc, schema, field, "maxLength"),
            stoa_service::reports::MAX_TEXT,
            "{schema}.{field}"
        );
    }
}

#[test]
fn documented_counts_and_ranges_are_the_service_limits() {
    let doc = doc();
    assert_eq!(
        property(&doc, "CreateRoomRequest", "invited", "maxItems"),
        stoa_service::rooms::MAX_NAMED
    );
    assert_eq!(
        property(&doc, "WaitlistRequest", "named", "maxItems"),
        stoa_service::waitlist::MAX_NAMED
    );
    assert_eq!(property(&doc, "WaitlistRequest", "named", "minItems"), 1);
    assert_eq!(
        property(&doc, "MarkReadRequest", "ids", "maxItems"),
        stoa_service::notify::MAX_MARK_IDS
    );
    assert_eq!(property(&doc, "GrantInvitesRequest", "count", "minimum"), 1);
    assert_eq!(
        property(&doc, "GrantInvitesRequest", "count", "maximum"),
        stoa_service::admin::MAX_GRANT as usize
    );
    assert_eq!(
        parameter(&doc, "inviteTree", "depth", "maximum"),
        stoa_service::admin::MAX_TREE_DEPTH as usize
    );
    for (operation, max) in [
        ("followers", stoa_service::social::MAX_PAGE),
        ("following", stoa_service::social::MAX_PAGE),
        ("searchMembers", stoa_service::social::MAX_PAGE),
        ("notifications", stoa_service::notify::MAX_PAGE),
        ("reportQueue", stoa_service::reports::MAX_PAGE),
        (
            "clubMembers",
            stoa_service::clubs::membership::MAX_MEMBERS_PAGE,
        ),
    ] {
        assert_eq!(
            parameter(&doc, operation, "limit", "minimum"),
            1,
            "{operation}"
        );
        assert_eq!(
            parameter(&doc, operation, "limit", "maximum"),
            max as usize,
            "{operation}"
        );
    }
}

#[test]
fn every_request_text_and_list_is_bounded() {
    // A contract tester finds no unbounded input: every string and array a request body
    // carries states its maximum (ids, usernames named elsewhere and enumerations aside).
    let doc = doc();
    let exempt = [
        "LoginRequest.username",
        "LoginRequest.password",
        "SignupRequest.invite_code",
        "PingRequest.username",
        "CreateReportRequest.username",
        "CreateEventRequest.starts_at",
        "UpdateEventRequest.starts_at",
    ];
    let mut unbounded = Vec::new();
    for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
        if !name.ends_with("Request") {
            continue;
        }
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            let types = property["type"].to_string();
            let bounded = if types.contains("string") {
                property["maxLength"].is_u64() || property["format"].is_string()
            } else if types.contains("array") {
                property["maxItems"].is_u64()
            } else {
                true
            };
            let key = format!("{name}.{field}");
            if !bounded && !exempt.contains(&key.as_str()) {
                unbounded.push(key);
            }
        }
    }
    assert!(
        unbounded.is_empty(),
        "unbounded request fields: {unbounded:?}"
    );
}
