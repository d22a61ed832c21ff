//! Security headers on every response: a CSP without inline scripts or
//! styles, no framing, no MIME sniffing, a strict referrer policy.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// The Content-Security-Policy: everything from this origin only.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The policy of a document our own pages show in a frame (a PDF or a photo of evidence).
pub const FRAMED_CSP: &str = "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'";

/// Adds the headers.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A response meant to be shown inside our own pages (evidence a council member opens in
    // place) sets its own framing policy; everything else is never framed.
    let framed_here = headers
        .get(header::X_FRAME_OPTIONS)
        .is_some_and(|v| v.as_bytes() == b"SAMEORIGIN");
    if framed_here {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FRAMED_CSP));
    } else {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    response
}
