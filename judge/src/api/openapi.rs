//! The OpenAPI document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "judge", description = "Compile, run and judge untrusted code in a WebAssembly sandbox. \
        Errors are RFC 7807 problem documents whose `type` is `/errors/<code>`."),
    paths(
        super::submissions::create, super::submissions::show, super::submissions::list,
        super::events::stream, super::runs::run, super::languages::list,
        super::problems::list, super::problems::show, super::problems::upload, super::problems::remove,
        super::healthz, super::readyz, super::metrics,
    ),
    modifiers(&Bearer),
    tags((name = "submissions"), (name = "runs"), (name = "problems"), (name = "languages"), (name = "health")),
)]
struct Document;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document as a value.
pub fn spec() -> utoipa::openapi::OpenApi {
    Document::openapi()
}

/// `GET /openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(spec())
}
