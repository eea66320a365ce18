//! The web app's files: `web/dist` (built from `web/src`, committed, and
//! checked against its sources by the test command) embedded in the binary.
//! `index.html` is never cached, so a new release is seen at once; the
//! assets it names carry their content's hash and are cached for a year.
//! Every page has a strict Content-Security-Policy: scripts, styles and
//! connections from this origin only, no inline script, no framing; the
//! one style element the editor makes is admitted by a nonce fresh for
//! each page, and style attributes (which the editor sets on its gutters,
//! and which run no code) are allowed; statements are sanitized without them.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::http::AppState;
use crate::http::error::ApiError;

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../web/dist"]
struct Assets;

/// The policy every page and asset is served with (`{nonce}` filled per page).
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'{nonce}; \
                   style-src-attr 'unsafe-inline'; img-src 'self' data:; \
                   connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; \
                   frame-ancestors 'none'";

/// Where `index.html` wants the page's nonce.
const NONCE_SLOT: &str = "{{CSP_NONCE}}";

/// `/` (the app) and `/assets/{file}`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/assets/{file}", get(asset))
}

async fn index() -> Response {
    let mut nonce = [0u8; 16];
    if getrandom::fill(&mut nonce).is_err() {
        return ApiError::internal(&anyhow::anyhow!("no randomness for a nonce")).into_response();
    }
    let nonce = hex::encode(nonce);
    let Some(page) = Assets::get("index.html") else {
        return ApiError::not_found("the web app is not built").into_response();
    };
    let page = String::from_utf8_lossy(&page.data).replace(NONCE_SLOT, &nonce);
    let policy = CSP.replace("{nonce}", &format!(" 'nonce-{nonce}'"));
    respond(page.into_bytes(), "index.html", "no-cache", &policy)
}

async fn asset(Path(file): Path<String>) -> Response {
    let path = format!("assets/{file}");
    match Assets::get(&path) {
        Some(found) => respond(
            found.data.into_owned(),
            &path,
            "public, max-age=31536000, immutable",
            &CSP.replace("{nonce}", ""),
        ),
        None => ApiError::not_found("no such file").into_response(),
    }
}

fn respond(body: Vec<u8>, path: &str, cache: &'static str, policy: &str) -> Response {
    let kind = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(policy) = HeaderValue::from_str(policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
