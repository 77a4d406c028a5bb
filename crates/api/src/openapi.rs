//! The OpenAPI 3.1 document: its info, shared components and security schemes here ([`ApiDoc`]);
//! its operations from the router itself ([`crate::routes::api_routes`], where each handler is
//! registered and documented at once), with the request limits of [`stoa_proto::limits`] and the
//! statuses every operation of a kind can answer added by [`implied`].

mod implied;

use std::sync::OnceLock;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// The whole document served at `/api/openapi.json` (built once).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let router: OpenApiRouter<AppState> = OpenApiRouter::with_openapi(ApiDoc::openapi())
            .nest("/api", crate::routes::api_routes());
        let mut doc = router.into_openapi();
        // Request limits (lengths, counts) from the constants the service enforces.
        utoipa::Modify::modify(&stoa_proto::limits::Documented, &mut doc);
        implied::add_implied_responses(&mut doc);
        doc
    })
}

/// Stoa's REST API: what the document says besides its operations.
#[derive(OpenApi)]
#[openapi(
    info(title = "Stoa", description = "Invite-only live audio rooms. The signaling WebSocket at /api/ws is described in docs/protocol.md."),
    // Operations reach every other schema (the router collects them); `RoomRole` only the
    // WebSocket messages use.
    components(schemas(stoa_proto::RoomRole)),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder};
        use utoipa::openapi::security::{SecurityRequirement, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("stoa_session"))),
        );
        openapi.security = Some(vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("cookie", Vec::<String>::new()),
        ]);
    }
}
