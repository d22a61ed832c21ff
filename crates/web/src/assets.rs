//! Static assets compiled into the binary: vendored htmx, Pico CSS and the
//! Be Vietnam Pro font (from npm, see scripts/vendor-assets.sh), plus our own
//! stylesheet and script. Nothing is loaded from the internet.

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::app::AppState;

macro_rules! asset {
    ($path:literal, $mime:literal) => {
        (
            $path,
            $mime,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/", $path)).as_slice(),
        )
    };
}

/// (path under /assets/, content type, bytes).
pub const ASSETS: &[(&str, &str, &[u8])] = &[
    asset!("site.css", "text/css; charset=utf-8"),
    asset!("favicon.svg", "image/svg+xml"),
    asset!("site.js", "text/javascript; charset=utf-8"),
    asset!("autosave.js", "text/javascript; charset=utf-8"),
    asset!("vendor/htmx.min.js", "text/javascript; charset=utf-8"),
    asset!("vendor/pico.min.css", "text/css; charset=utf-8"),
    asset!("vendor/fonts/be-vietnam-pro.css", "text/css; charset=utf-8"),
    asset!("vendor/fonts/be-vietnam-pro-latin-400-normal.woff2", "font/woff2"),
    asset!("vendor/fonts/be-vietnam-pro-latin-500-normal.woff2", "font/woff2"),
    asset!("vendor/fonts/be-vietnam-pro-latin-600-normal.woff2", "font/woff2"),
    asset!("vendor/fonts/be-vietnam-pro-latin-700-normal.woff2", "font/woff2"),
    asset!("vendor/fonts/be-vietnam-pro-vietnamese-400-normal.woff2", "font/woff2"),
    asset!("vendor/fonts/be-vietnam-pro-vietnamese-500-normal.woff2", "font/woff2"),
    asset!("vendor/fonts/be-vietnam-pro-vietnamese-600-normal.woff2", "font/woff2"),
    asset!("vendor/fonts/be-vietnam-pro-vietnamese-700-normal.woff2", "font/woff2"),
];

async fn serve_asset(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|(p, _, _)| *p == path) {
        Some((_, mime, bytes)) => (
            [
                (header::CONTENT_TYPE, *mime),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `/assets/{*path}`, and `/favicon.ico` for browsers that ask for it anyway.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets/{*path}", get(serve_asset))
        .route("/favicon.ico", get(|| serve_asset(Path("favicon.svg".to_owned()))))
}
