//! The OpenAPI document against the running server, as a contract tester sees it: every
//! documented operation is served (and no other method on its path), and every status the
//! tester provokes — no session, a bad session, a cross-site request, malformed, oversized or
//! mistyped bodies, malformed parameters, rate limits, and plain requests by an admin — is one
//! the operation documents.

mod common;

use common::TestServer;
use reqwest::header::{CONTENT_TYPE, ORIGIN};
use reqwest::Method;
use serde_json::Value;

/// The methods an operation may have.
const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// One documented operation.
struct Operation {
    method: Method,
    path: String,
    doc: Value,
}

impl Operation {
    fn documents(&self, status: u16) -> bool {
        self.doc["responses"][status.to_string()].is_object()
    }

    fn is_public(&self) -> bool {
        self.doc["security"].as_array().is_some_and(|all| {
            all.iter()
                .any(|one| one.as_object().is_some_and(|o| o.is_empty()))
        })
    }

    fn body_type(&self) -> Option<&str> {
        let content = self.doc["requestBody"]["content"].as_object()?;
        content.keys().next().map(String::as_str)
    }

    /// The path with each parameter filled in: integers `1`, text `nobody` (or `bad` for both
    /// when `malformed`, which integers refuse).
    fn url(&self, malformed: bool) -> String {
        let mut url = self.path.clone();
        for parameter in self.doc["parameters"].as_array().into_iter().flatten() {
            if parameter["in"] != "path" {
                continue;
            }
            let integer = parameter["schema"]["type"] == "integer";
            let value = match (malformed, integer) {
                (true, _) => "bad",
                (false, true) => "1",
                (false, false) => "nobody",
            };
            let name = parameter["name"].as_str().expect("name");
            url = url.replace(&format!("{{{name}}}"), value);
        }
        url
    }

    fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

fn operations(doc: &Value) -> Vec<Operation> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item[method].is_object() {
                all.push(Operation {
                    method: method.to_uppercase().parse().expect("method"),
                    path: path.clone(),
                    doc: item[method].clone(),
                });
            }
        }
    }
    all
}

/// A request: method, URL, bearer token, headers and raw body.
struct Probe<'a> {
    token: Option<&'a str>,
    headers: Vec<(reqwest::header::HeaderName, &'static str)>,
    body: Option<Vec<u8>>,
    malformed_path: bool,
}

impl<'a> Probe<'a> {
    fn new(token: Option<&'a str>) -> Self {
        Self {
            token,
            headers: Vec::new(),
            body: None,
            malformed_path: false,
        }
    }

    fn header(mut self, name: reqwest::header::HeaderName, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }

    fn body(mut self, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self.header(CONTENT_TYPE, content_type)
    }

    async fn send(self, server: &TestServer, op: &Operation) -> (u16, String) {
        let url = format!("{}{}", server.base(), op.url(self.malformed_path));
        let mut req = server.http.request(op.method.clone(), url);
        if let Some(token) = self.token {
            req = req.bearer_auth(token);
        }
        for (name, value) in self.headers {
            req = req.header(name, value);
        }
        if let Some(body) = self.body {
            req = req.body(body);
        }
        let resp = req.send().await.expect("request");
        (
            resp.status().as_u16(),
            resp.text().await.unwrap_or_default(),
        )
    }
}

/// The smallest JSON value of `schema`'s shape: required properties only, text `nobody`,
/// numbers 1, the first of an enumeration.
fn sample(schema: &Value, doc: &Value) -> Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().expect("name");
        return sample(&doc["components"]["schemas"][name], doc);
    }
    if let Some(first) = schema["oneOf"].as_array().and_then(|all| all.first()) {
        return sample(first, doc);
    }
    if let Some(all) = schema["allOf"].as_array() {
        let mut merged = serde_json::Map::new();
        for part in all {
            if let Value::Object(fields) = sample(part, doc) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    if let Some(first) = schema["enum"].as_array().and_then(|all| all.first()) {
        return first.clone();
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or_default(),
        ty => ty.clone(),
    };
    match ty.as_str() {
        Some("object") => {
            let mut fields = serde_json::Map::new();
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().expect("property name");
                fields.insert(name.to_string(), sample(&schema["properties"][name], doc));
            }
            Value::Object(fields)
        }
        Some("string") if schema["format"] == "date-time" => "2030-01-01T00:00:00Z".into(),
        Some("string") => "nobody".into(),
        Some("integer") | Some("number") => 1.into(),
        Some("boolean") => false.into(),
        Some("array") => Value::Array(Vec::new()),
        _ => Value::Null,
    }
}

async fn document(server: &TestServer) -> Value {
    let (status, doc) = server.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    doc
}

#[tokio::test]
async fn the_document_lists_exactly_the_operations_the_router_serves() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let ops = operations(&doc);
    assert!(ops.len() > 60, "only {} operations documented", ops.len());
    let mut wrong = Vec::new();
    for op in &ops {
        // Without a session nothing changes; a served route never answers the router's 404
        // ("no such API endpoint") or 405.
        let body = op.body_type().map(|_| ("application/json", "{}"));
        let mut probe = Probe::new(None);
        if let Some((content_type, body)) = body {
            probe = probe.body(content_type, body);
        }
        let (status, text) = probe.send(&server, op).await;
        if status == 405 || text.contains("no such API endpoint") {
            wrong.push(format!(
                "{}: documented but not served ({status})",
                op.label()
            ));
        }
    }
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS.iter().filter(|m| !item[**m].is_object()) {
            let op = Operation {
                method: method.to_uppercase().parse().expect("method"),
                path: path.clone(),
                doc: item
                    .as_object()
                    .and_then(|i| i.values().next())
                    .cloned()
                    .expect("an op"),
            };
            let (status, _) = Probe::new(None).send(&server, &op).await;
            if status != 405 {
                wrong.push(format!(
                    "{method} {path}: served ({status}) but not documented"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn every_status_a_contract_tester_provokes_is_documented() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = stoa_server::ServeConfig::for_tests(dir.path().to_path_buf());
    // The edge's rate limits answer by the second try.
    config.auth_attempts_per_minute = 1;
    let server = TestServer::start_with(dir, config).await;
    let admin = server.admin().await;
    let doc = document(&server).await;
    let mut ops = operations(&doc);
    // Signing out ends the admin's session: last.
    ops.sort_by_key(|op| op.doc["operationId"] == "logout");
    let oversized = vec![b' '; stoa_api::MAX_BODY_BYTES + 1];
    let mut undocumented = Vec::new();
    for op in &ops {
        let mut probes = vec![
            ("no session", Probe::new(None)),
            ("no session, again", Probe::new(None)),
            ("a bad session", Probe::new(Some("not-a-session"))),
        ];
        if op.method != Method::GET {
            probes.push((
                "cross-site",
                Probe::new(None).header(ORIGIN, "https://elsewhere.example"),
            ));
        }
        let signed_in = op.doc["operationId"] != "logout";
        let token = signed_in.then_some(admin.as_str());
        if op.doc["parameters"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
        {
            let mut probe = Probe::new(token);
            probe.malformed_path = true;
            probes.push(("malformed path parameters", probe));
        }
        match op.body_type() {
            Some("application/json") => {
                let schema = &op.doc["requestBody"]["content"]["application/json"]["schema"];
                let sample = serde_json::to_vec(&sample(schema, &doc)).expect("sample");
                probes.push((
                    "a sample body",
                    Probe::new(token).body("application/json", sample.clone()),
                ));
                probes.push((
                    "a sample body, again",
                    Probe::new(token).body("application/json", sample),
                ));
                probes.push(("`{}`", Probe::new(token).body("application/json", "{}")));
                probes.push((
                    "malformed JSON",
                    Probe::new(token).body("application/json", "{"),
                ));
                probes.push(("not JSON", Probe::new(token).body("text/plain", "{}")));
                probes.push((
                    "an oversized body",
                    Probe::new(token).body("application/json", oversized.clone()),
                ));
            }
            Some(_) => {
                probes.push((
                    "not an image",
                    Probe::new(token).body("application/octet-stream", "not an image"),
                ));
            }
            None => probes.push(("a plain request", Probe::new(token))),
        }
        for (what, probe) in probes {
            let (status, text) = probe.send(&server, op).await;
            if !op.documents(status) {
                let text: String = text.chars().take(160).collect();
                undocumented.push(format!("{} with {what}: {status} {text}", op.label()));
            }
        }
        if !op.is_public() && !op.documents(401) {
            undocumented.push(format!(
                "{} needs a session but documents no 401",
                op.label()
            ));
        }
    }
    assert!(
        undocumented.is_empty(),
        "{} undocumented answers:\n{}",
        undocumented.len(),
        undocumented.join("\n")
    );
}
