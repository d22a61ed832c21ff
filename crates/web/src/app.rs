//! Building the router and serving it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

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
    /// Limits against hostile clients (`crate::throttle`); production defaults.
    pub limits: crate::throttle::Limits,
    /// Connection hygiene of the accept loop (`serve`).
    pub connections: ConnectionLimits,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            public_base_url: "http://127.0.0.1:8080".to_owned(),
            limits: crate::throttle::Limits::default(),
            connections: ConnectionLimits::default(),
        }
    }
}

/// How long a client may take and how many may be connected at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A request's headers must arrive whole within this time, counted from the moment the
    /// server waits for them: when the connection opens and again after each response, so it
    /// is also the keep-alive idle timeout (`OCOP_HEADER_READ_TIMEOUT_SECS`, default 10 s).
    pub header_read_timeout: Duration,
    /// The longest a connection may stay open at all, whatever it sends
    /// (`OCOP_CONNECTION_MAX_AGE_SECS`, default 300 s; requests in flight are finished
    /// first: the connection stops keeping alive and closes after its current response).
    pub max_age: Duration,
    /// Connections served at once (`OCOP_MAX_CONNECTIONS`, default 512); further clients wait
    /// in the listen backlog until one closes, so slow clients cannot exhaust file descriptors.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            max_age: Duration::from_secs(300),
            max_connections: 512,
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

/// The whole application: API, pages, assets, with limits, CSRF, sessions and headers.
/// Each router has its own limiters (`crate::throttle::Guards`), built from the config.
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` so the limits see
/// the client's address (without it every client counts as one).
pub fn router(state: AppState) -> Router {
    let guards = Arc::new(crate::throttle::Guards::new(&state.config.limits));
    Router::new()
        .merge(crate::api::routes())
        .merge(crate::pages::routes())
        .merge(crate::assets::routes())
        .layer(axum::middleware::from_fn(crate::input::refuse_control_characters))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::csrf::protect,
        ))
        .layer(axum::middleware::from_fn_with_state(guards, crate::throttle::limit))
        .layer(axum::middleware::from_fn(crate::error::plain_rejections))
        .layer(axum::middleware::from_fn(crate::error::localise))
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
///
/// A hand-written accept loop instead of `axum::serve`, for connection hygiene: HTTP/1 with
/// hyper's header-read timeout (a client that sends partial headers, or stays idle between
/// requests, is closed), a maximum connection age and a cap on concurrent connections.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "ocop listening");
    let limits = state.config.connections;
    serve_on(listener, router(state), limits, shutdown_signal()).await;
    Ok(())
}

/// The accept loop over `listener` until `shutdown` completes, then waits for the open
/// connections to finish their requests in flight.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt as _;

    let max_connections = u32::try_from(limits.max_connections.clamp(1, 1 << 20)).unwrap_or(1 << 20);
    let slots = Arc::new(tokio::sync::Semaphore::new(max_connections as usize));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors or a connection reset before accept:
                    // back off a moment instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            request.extensions_mut().insert(axum::extract::ConnectInfo(remote));
            app.clone().oneshot(request)
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let mut stopping = stopping.clone();
        let max_age = limits.max_age;
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            let finished = tokio::select! {
                _ = connection.as_mut() => true,
                _ = stopping.wait_for(|stop| *stop) => false,
                () = tokio::time::sleep(max_age) => false,
            };
            if !finished {
                // Shutting down or too old: stop keeping alive, finish the request in
                // flight, close; a client that does not let it finish is cut off.
                connection.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(GRACE, connection).await;
            }
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a slot: having them all back means every connection closed.
    let _ = slots.acquire_many(max_connections).await;
}

/// How long a connection may take to finish its request in flight once asked to close.
const GRACE: Duration = Duration::from_secs(30);

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
