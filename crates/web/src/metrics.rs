//! Request metrics and the request log.
//!
//! One middleware counts every request by method, route template (axum's
//! `MatchedPath`, so `/api/v1/producers/{id}`, never an id or a query string)
//! and status, times it into a histogram, and writes one log line with the
//! same fields. `GET /metrics` renders them in the Prometheus text format,
//! with the database pool's figures. The registry is process-wide.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{LazyLock, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;

/// Upper bounds of the latency buckets, in seconds.
pub const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The route label of requests no route matched.
pub const UNMATCHED: &str = "unmatched";

#[derive(Default)]
struct Histogram {
    /// Cumulative counts per bucket of [`BUCKETS`].
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Registry {
    /// (method, route, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// (method, route) → latency.
    latency: BTreeMap<(String, String), Histogram>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

fn observe(method: &str, route: &str, status: u16, seconds: f64) {
    let mut registry = REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    *registry
        .requests
        .entry((method.to_owned(), route.to_owned(), status))
        .or_default() += 1;
    let histogram = registry
        .latency
        .entry((method.to_owned(), route.to_owned()))
        .or_default();
    for (bucket, bound) in histogram.buckets.iter_mut().zip(BUCKETS) {
        if seconds <= bound {
            *bucket += 1;
        }
    }
    histogram.count += 1;
    histogram.sum += seconds;
}

/// The middleware: counts, times and logs one request.
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_owned(), |m| m.as_str().to_owned());
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    observe(&method, &route, status, elapsed.as_secs_f64());
    tracing::info!(
        target: "ocop::request",
        method = %method,
        route = %route,
        status,
        latency_ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// Escapes a label value.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The exposition text.
pub fn render(pool: (u32, usize, u32)) -> String {
    let registry = REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut out = String::new();
    out.push_str("# HELP ocop_http_requests_total HTTP requests by method, route template and status.\n");
    out.push_str("# TYPE ocop_http_requests_total counter\n");
    for ((method, route, status), count) in &registry.requests {
        let _ = writeln!(
            out,
            "ocop_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
            label(method),
            label(route)
        );
    }
    out.push_str("# HELP ocop_http_request_duration_seconds Time to answer, by method and route template.\n");
    out.push_str("# TYPE ocop_http_request_duration_seconds histogram\n");
    for ((method, route), h) in &registry.latency {
        let labels = format!("method=\"{}\",route=\"{}\"", label(method), label(route));
        for (bound, count) in BUCKETS.iter().zip(h.buckets) {
            let _ = writeln!(
                out,
                "ocop_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "ocop_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
            h.count
        );
        let _ = writeln!(out, "ocop_http_request_duration_seconds_sum{{{labels}}} {}", h.sum);
        let _ = writeln!(out, "ocop_http_request_duration_seconds_count{{{labels}}} {}", h.count);
    }
    let (open, idle, max) = pool;
    out.push_str("# HELP ocop_db_pool_connections Database pool connections by state.\n");
    out.push_str("# TYPE ocop_db_pool_connections gauge\n");
    let _ = writeln!(out, "ocop_db_pool_connections{{state=\"open\"}} {open}");
    let _ = writeln!(out, "ocop_db_pool_connections{{state=\"idle\"}} {idle}");
    let _ = writeln!(
        out,
        "ocop_db_pool_connections{{state=\"in_use\"}} {}",
        (open as usize).saturating_sub(idle)
    );
    out.push_str("# HELP ocop_db_pool_max_connections The pool's maximum size.\n");
    out.push_str("# TYPE ocop_db_pool_max_connections gauge\n");
    let _ = writeln!(out, "ocop_db_pool_max_connections {max}");
    out
}

/// `GET /metrics`.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        render(state.ctx.db.pool_stats()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observations_land_in_cumulative_buckets() {
        observe("GET", "/unit-test/{id}", 200, 0.02);
        observe("GET", "/unit-test/{id}", 200, 3.0);
        observe("GET", "/unit-test/{id}", 404, 0.001);
        let text = render((3, 1, 8));
        assert!(text.contains("ocop_http_requests_total{method=\"GET\",route=\"/unit-test/{id}\",status=\"200\"} 2"));
        assert!(text.contains("ocop_http_requests_total{method=\"GET\",route=\"/unit-test/{id}\",status=\"404\"} 1"));
        let labels = "method=\"GET\",route=\"/unit-test/{id}\"";
        assert!(text.contains(&format!(
            "ocop_http_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1"
        )));
        assert!(text.contains(&format!(
            "ocop_http_request_duration_seconds_bucket{{{labels},le=\"0.025\"}} 2"
        )));
        assert!(text.contains(&format!(
            "ocop_http_request_duration_seconds_bucket{{{labels},le=\"2.5\"}} 2"
        )));
        assert!(text.contains(&format!(
            "ocop_http_request_duration_seconds_bucket{{{labels},le=\"5\"}} 3"
        )));
        assert!(text.contains(&format!("ocop_http_request_duration_seconds_count{{{labels}}} 3")));
        assert!(text.contains("ocop_db_pool_connections{state=\"in_use\"} 2"));
        assert!(text.contains("ocop_db_pool_max_connections 8"));
    }
}
