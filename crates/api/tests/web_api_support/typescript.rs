//! Writes the web client's API functions (`web/src/gen/api.ts`) from the OpenAPI document: one
//! typed function per JSON operation, named by its `operationId`, whose types are the ts-rs
//! types of `web/src/gen` named by schema. Operations answering something other than JSON (an
//! image, a calendar file) are links, not calls, and get no function.

use std::collections::BTreeSet;
use std::fmt::Write;

use serde_json::Value;

/// The header of the generated file.
const HEADER: &str = "\
// Generated from Stoa's OpenAPI document by `cargo test -p stoa-api --test web_api`; do not edit.
// One function per JSON operation, named by its operationId. Errors reject with `ApiError`.
import { query, request } from \"../api/http\";
";

/// One operation to write.
struct Call {
    id: String,
    method: String,
    path: String,
    summary: String,
    path_params: Vec<(String, String)>,
    query_params: Vec<(String, String, bool)>,
    body: Option<String>,
    result: String,
}

/// The TypeScript module for `doc` (an OpenAPI 3.1 document as JSON).
pub fn generate(doc: &Value) -> String {
    let mut calls = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if let Some(call) = call(path, method, operation) {
                calls.push(call);
            }
        }
    }
    calls.sort_by(|a, b| a.id.cmp(&b.id));
    let mut types = BTreeSet::new();
    for call in &calls {
        collect_type_names(&call.result, &mut types);
        if let Some(body) = &call.body {
            collect_type_names(body, &mut types);
        }
        for (_, ty, _) in &call.query_params {
            collect_type_names(ty, &mut types);
        }
    }
    let mut out = String::from(HEADER);
    for name in &types {
        writeln!(out, "import type {{ {name} }} from \"./{name}\";").unwrap();
    }
    for call in &calls {
        out.push('\n');
        write_call(&mut out, call);
    }
    out
}

/// The call for one operation, or `None` when it does not answer JSON.
fn call(path: &str, method: &str, operation: &Value) -> Option<Call> {
    let result = result_type(operation)?;
    let id = operation["operationId"]
        .as_str()
        .unwrap_or_else(|| panic!("{method} {path} has no operationId"))
        .to_string();
    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let name = parameter["name"]
            .as_str()
            .expect("parameter name")
            .to_string();
        let ty = ts_type(&parameter["schema"]);
        match parameter["in"].as_str() {
            Some("path") => {
                // Ids read from a page's URL are text: integer segments take either.
                let ty = if ty == "number" {
                    "number | string".to_string()
                } else {
                    ty
                };
                path_params.push((name, ty));
            }
            Some("query") => {
                let required = parameter["required"].as_bool().unwrap_or(false);
                query_params.push((name, ty, required));
            }
            other => panic!("{method} {path}: parameter {name} in {other:?}"),
        }
    }
    let body = operation["requestBody"]["content"]
        .as_object()
        .map(|content| match content.get("application/json") {
            Some(json) => ts_type(&json["schema"]),
            None => "Blob".to_string(),
        });
    let summary = operation["summary"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Some(Call {
        id,
        method: method.to_ascii_uppercase(),
        path: path.to_string(),
        summary,
        path_params,
        query_params,
        body,
        result,
    })
}

/// The TypeScript type of the operation's success answer: its JSON schema, `void` without a
/// body; `None` when it answers something other than JSON.
fn result_type(operation: &Value) -> Option<String> {
    let responses = operation["responses"].as_object().expect("responses");
    let (_, success) = responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))?;
    let Some(content) = success["content"].as_object() else {
        return Some("void".to_string());
    };
    let json = content.get("application/json")?;
    Some(match json.get("schema") {
        Some(schema) => ts_type(schema),
        None => "unknown".to_string(),
    })
}

/// The TypeScript type of a JSON schema (as utoipa writes them).
fn ts_type(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference.rsplit('/').next().expect("ref name").to_string();
    }
    if let Some(one_of) = schema["oneOf"].as_array() {
        let types: Vec<String> = one_of.iter().map(ts_type).collect();
        return types.join(" | ");
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(Value::to_string).collect();
        return values.join(" | ");
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if types.is_empty() {
        return "unknown".to_string();
    }
    let types: Vec<String> = types
        .into_iter()
        .map(|ty| match ty {
            "integer" | "number" => "number".to_string(),
            "string" => "string".to_string(),
            "boolean" => "boolean".to_string(),
            "null" => "null".to_string(),
            "array" => format!("Array<{}>", ts_type(&schema["items"])),
            _ => "unknown".to_string(),
        })
        .collect();
    types.join(" | ")
}

/// The ts-rs type names (capitalised identifiers) a TypeScript type mentions.
fn collect_type_names(ty: &str, names: &mut BTreeSet<String>) {
    for word in ty.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        if word.starts_with(|c: char| c.is_ascii_uppercase()) && word != "Array" && word != "Blob" {
            names.insert(word.to_string());
        }
    }
}

/// Writes one exported function.
fn write_call(out: &mut String, call: &Call) {
    let method = &call.method;
    let path = &call.path;
    let summary = call.summary.trim_end_matches('.');
    writeln!(out, "/** {summary}: `{method} {path}`. */").unwrap();
    let mut params: Vec<String> = call
        .path_params
        .iter()
        .map(|(name, ty)| format!("{}: {ty}", camel(name)))
        .collect();
    if let Some(body) = &call.body {
        params.push(format!("body: {body}"));
    }
    if !call.query_params.is_empty() {
        let fields: Vec<String> = call
            .query_params
            .iter()
            .map(|(name, ty, required)| {
                let optional = if *required { "" } else { "?" };
                let ty = if *required { ty.clone() } else { nullable(ty) };
                format!("{name}{optional}: {ty}")
            })
            .collect();
        let all_optional = call.query_params.iter().all(|(_, _, required)| !required);
        let default = if all_optional { " = {}" } else { "" };
        params.push(format!("params: {{ {} }}{default}", fields.join("; ")));
    }
    let mut url = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        url.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => write!(url, "${{encodeURIComponent(String({}))}}", camel(name)).unwrap(),
            None => url.push_str(segment),
        }
    }
    if !call.query_params.is_empty() {
        url.push_str("${query(params)}");
    }
    let body = if call.body.is_some() { ", body" } else { "" };
    writeln!(
        out,
        "export const {id} = ({params}): Promise<{result}> =>\n  request<{result}>(\"{method}\", `{url}`{body});",
        id = call.id,
        params = params.join(", "),
        result = call.result,
    )
    .unwrap();
}

/// `T | null` unless it already is.
fn nullable(ty: &str) -> String {
    if ty.split(" | ").any(|t| t == "null") {
        ty.to_string()
    } else {
        format!("{ty} | null")
    }
}

/// `snake_case` → `camelCase`.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
