//! The OpenAPI document is whole: every operation has a unique `operationId` (the web client's
//! function names), a tag and a summary; every `$ref` names a schema the document carries; and
//! the statuses implied by what an operation is are there (see `stoa_api::openapi`).

use std::collections::BTreeSet;

use serde_json::Value;

fn doc() -> Value {
    serde_json::to_value(stoa_api::openapi::document()).expect("document as JSON")
}

fn operations(doc: &Value) -> Vec<(String, &Value)> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            all.push((format!("{} {path}", method.to_uppercase()), operation));
        }
    }
    all
}

fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(reference);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn operations_are_named_tagged_and_summarised_once() {
    let doc = doc();
    let mut ids = BTreeSet::new();
    for (label, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().expect(&label);
        assert!(ids.insert(id.to_string()), "operationId {id} twice");
        assert!(
            operation["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{label}: no tag"
        );
        assert!(operation["summary"].is_string(), "{label}: no summary");
        assert!(label.contains(" /api/"), "{label}: not under /api");
    }
}

#[test]
fn every_reference_names_a_schema_of_the_document() {
    let doc = doc();
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for reference in all {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected reference {reference}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{reference} is not in the document"
        );
    }
}

#[test]
fn statuses_implied_by_an_operation_are_documented() {
    let doc = doc();
    for (label, operation) in operations(&doc) {
        let documents = |status: u16| operation["responses"][status.to_string()].is_object();
        let public = operation["security"]
            .as_array()
            .is_some_and(|all| all.iter().any(|one| one == &serde_json::json!({})));
        if !public {
            assert!(documents(401), "{label} needs a session: 401");
        }
        if let Some(content) = operation["requestBody"]["content"].as_object() {
            assert!(
                documents(400) && documents(413),
                "{label} takes a body: 400, 413"
            );
            if !content.contains_key("application/json") {
                assert!(documents(415), "{label} takes an upload: 415");
            }
        }
        if operation["parameters"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
        {
            assert!(documents(400), "{label} takes parameters: 400");
        }
        if !label.starts_with("GET ") {
            assert!(
                documents(403),
                "{label} changes state (cross-site refusal): 403"
            );
        }
    }
}

#[test]
fn the_edge_rate_limits_are_documented() {
    // The operations `stoa_api::limits::Action` budgets per client address.
    let doc = doc();
    for (path, method) in [
        ("/api/auth/login", "post"),
        ("/api/auth/signup", "post"),
        ("/api/waitlist/{token}/signup", "post"),
        ("/api/invites/check/{code}", "get"),
        ("/api/waitlist", "post"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"]["429"].is_object(),
            "{method} {path} is rate limited: 429"
        );
    }
}
