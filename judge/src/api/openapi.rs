//! The OpenAPI document, generated from the handlers' annotations.

use axum::Json;
use serde_json::{Value, json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::http::error::PROBLEM_JSON;

#[derive(OpenApi)]
#[openapi(
    info(title = "judge", description = "Compile, run and judge untrusted code in a WebAssembly sandbox. \
        Errors are RFC 7807 problem documents whose `type` is `/errors/<code>`."),
    paths(
        super::submissions::create, super::submissions::show, super::submissions::list,
        super::events::stream, super::runs::run, super::languages::list,
        super::problems::list, super::problems::show, super::problems::upload, super::problems::remove,
        super::keys::list, super::keys::create, super::keys::revoke,
        super::session::sign_in, super::session::show, super::session::sign_out,
        super::status::show, super::status::runbook, super::status::dashboard,
        super::pads::create, super::pads::list, super::pads::show, super::pads::end, super::pads::control, super::pads::connect,
        super::pads::work::run, super::pads::work::submit, super::pads::files::switch_language, super::pads::files::change_files,
        super::pads::signals::signal, super::pads::replay::timeline, super::pads::replay::replay, super::pads::replay::rerun,
        crate::http::health::healthz, crate::http::health::readyz, crate::http::health::metrics,
    ),
    modifiers(&Bearer),
    tags((name = "submissions"), (name = "runs"), (name = "problems"), (name = "languages"), (name = "keys"), (name = "session"), (name = "status"), (name = "pads"), (name = "health")),
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

/// The document as JSON: utoipa's, with every error body as
/// `application/problem+json` and a `default` problem response on every
/// operation (any request can meet 401, 413, 429, 503 or 500).
pub(crate) fn spec() -> Value {
    let mut document = serde_json::to_value(Document::openapi()).unwrap_or_default();
    let problem = json!({"$ref": "#/components/schemas/ProblemDetails"});
    let paths = document["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.values_mut());
    for operation in paths.flat_map(|item| {
        item.as_object_mut()
            .into_iter()
            .flat_map(|i| i.values_mut())
    }) {
        let Some(responses) = operation["responses"].as_object_mut() else {
            continue;
        };
        for response in responses.values_mut() {
            if response["content"]["application/json"]["schema"] == problem
                && let Some(content) = response["content"].as_object_mut()
            {
                let body = content.remove("application/json").unwrap_or_default();
                content.insert(PROBLEM_JSON.to_owned(), body);
            }
        }
        responses.entry("default").or_insert_with(|| {
            json!({
                "description": "An error: an RFC 7807 problem document whose `type` is `/errors/<code>`",
                "content": {PROBLEM_JSON: {"schema": problem.clone()}},
            })
        });
    }
    document
}

/// `GET /openapi.json`.
pub(crate) async fn document() -> Json<Value> {
    Json(spec())
}
