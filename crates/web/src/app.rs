//! Building the router and serving it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use ocop_service::Context;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Whether cookies carry the `Secure` flag (on unless serving plain HTTP on loopback).
    pub secure_cookies: bool,
    /// The public address of the site, printed in certificates' QR codes
    /// (`{public_base_url}/v/{code}`); `OCOP_PUBLIC_BASE_URL`.
    pub public_base_url: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            public_base_url: "http://127.0.0.1:8080".to_owned(),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Services' context (database, files).
    pub ctx: Context,
    /// Web settings.
    pub config: Arc<WebConfig>,
}

/// The largest request body accepted (photo uploads included).
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The whole application: API, pages, assets, with CSRF, sessions and headers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(crate::api::routes())
        .merge(crate::pages::routes())
        .merge(crate::assets::routes())
        .layer(axum::middleware::from_fn(crate::input::refuse_control_characters))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::csrf::protect,
        ))
        .layer(axum::middleware::from_fn(crate::error::plain_rejections))
        .layer(axum::middleware::from_fn(crate::security::headers))
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
        .with_state(state)
}

/// A handler that panicked still answers: a 500 with the error shape and an
/// incident id in the log (otherwise the client sees the connection dropped).
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    crate::error::ApiError::new(
        ocop_service::ServiceError::Internal(detail.to_owned()),
        ocop_domain::Lang::Vi,
    )
    .into_response()
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "ocop listening");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
