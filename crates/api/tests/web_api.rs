//! The web client's API functions (`web/src/gen/api.ts`) are generated from the OpenAPI
//! document, as `web/src/gen`'s types are from `crates/proto`: this test writes the file, and
//! `scripts/test` fails when that changed it (a handler's route or types changed without the
//! regenerated file being committed).

#[path = "web_api_support/typescript.rs"]
mod typescript;

use std::path::PathBuf;

/// Where the generated types live.
fn gen_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/src/gen")
}

#[test]
fn web_api_functions_are_generated_from_the_openapi_document() {
    let doc = serde_json::to_value(stoa_api::openapi::document()).expect("document as JSON");
    let module = typescript::generate(&doc);
    for line in module.lines() {
        if let Some(name) = line
            .strip_prefix("import type { ")
            .and_then(|rest| rest.split(' ').next())
        {
            assert!(
                gen_dir().join(format!("{name}.ts")).is_file(),
                "{name} is used by the API but has no ts-rs type in web/src/gen"
            );
        }
    }
    let path = gen_dir().join("api.ts");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(module.as_str()) {
        std::fs::write(&path, module).expect("write web/src/gen/api.ts");
    }
}
