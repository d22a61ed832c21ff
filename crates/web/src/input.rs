//! The safety net under `domain::text::input::clean_input`: before any handler
//! runs, a NUL or another control character (Unicode category Cc, except line
//! break, carriage return and tab) in a query value, a form field or a JSON string
//! (or key) is refused with 422 `validation_failed` and a field error
//! `control_character` naming the field — JSON for `/api/…`, the error page
//! elsewhere. So no route, whether its input type cleans its text or not, stores a
//! NUL (accepted by SQLite, refused by PostgreSQL with a 500) or an invisible
//! control character. In a multipart body the text fields are checked the same
//! way (a title typed beside an upload); its files and other raw bodies are left to
//! their handlers.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use ocop_domain::text::input::{Lines, is_refused};
use ocop_domain::{ErrorCode, ValidationErrors};
use serde_json::Value;

use crate::error::{error_body, error_page, error_response};
use crate::i18n::lang_of;

fn refused(text: &str) -> bool {
    text.chars().any(|c| is_refused(c, Lines::Multi))
}

/// The first field of `pairs` (query string or form body) holding a refused character.
fn bad_pair(pairs: &[(String, String)]) -> Option<String> {
    pairs
        .iter()
        .find(|(key, value)| refused(key) || refused(value))
        .map(|(key, _)| if refused(key) { String::new() } else { key.clone() })
}

/// The path (`producer.lines[2].item`) of the first JSON string or key holding a
/// refused character.
fn bad_json(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(text) => refused(text).then(|| path.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| bad_json(item, &format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if refused(key) {
                Some(path.to_owned())
            } else {
                bad_json(item, &inner)
            }
        }),
        _ => None,
    }
}

/// The first text field (a part without a file name) of a multipart body holding a
/// refused character; files are the handlers' to check.
async fn bad_multipart_text(content_type: &str, bytes: axum::body::Bytes) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let mut multipart = multer::Multipart::new(Body::from(bytes).into_data_stream(), boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.file_name().is_some() {
            continue;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let Ok(value) = field.bytes().await else {
            return None;
        };
        if refused(&String::from_utf8_lossy(&value)) || refused(&name) {
            return Some(if refused(&name) { String::new() } else { name });
        }
    }
    None
}

fn refusal(parts: &Parts, field: String) -> Response {
    let lang = lang_of(parts);
    let mut errors = ValidationErrors::new();
    errors.add(&field, ErrorCode::ControlCharacter);
    let status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    if parts.uri.path().starts_with("/api/") {
        (
            status,
            axum::Json(error_body(lang, ErrorCode::ValidationFailed, Some(&errors))),
        )
            .into_response()
    } else {
        (status, Html(error_page(lang, ErrorCode::ControlCharacter, None))).into_response()
    }
}

/// The middleware.
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    if let Some(query) = parts.uri.query() {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        if let Some(field) = bad_pair(&pairs) {
            return refusal(&parts, field);
        }
    }
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    let is_json = content_type.starts_with("application/json") || content_type.contains("+json");
    let is_multipart = content_type.starts_with("multipart/form-data");
    if !is_form && !is_json && !is_multipart {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let Ok(bytes) = to_bytes(body, crate::app::MAX_BODY_BYTES).await else {
        return error_response(&parts, lang_of(&parts), ErrorCode::PayloadTooLarge, None);
    };
    let field = if is_multipart {
        // The boundary is case-sensitive: read it from the header as sent.
        let raw = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        bad_multipart_text(raw, bytes.clone()).await
    } else if is_form {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        bad_pair(&pairs)
    } else if bytes.windows(2).any(|w| w == b"\\u") {
        // A control character in valid JSON is always escaped (`\u0000`); a body
        // without an escape has none, and one that does not parse is the
        // handler's 400.
        serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|value| bad_json(&value, ""))
    } else {
        None
    };
    match field {
        Some(field) => refusal(&parts, field),
        None => next.run(Request::from_parts(parts, Body::from(bytes))).await,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_first_bad_field_is_named() {
        let value = json!({ "name": "ok", "lines": [{ "item": "a" }, { "item": "b\u{0}c" }] });
        assert_eq!(bad_json(&value, ""), Some("lines[1].item".to_owned()));
        assert_eq!(bad_json(&json!({ "a": "x\ny\tz\r\n", "n": 1 }), ""), None);
        assert_eq!(
            bad_json(&json!({ "outer": { "k\u{1b}": 1 } }), ""),
            Some("outer".to_owned())
        );
        assert_eq!(bad_json(&json!("\u{7f}"), ""), Some(String::new()));
        let pairs = vec![
            ("q".to_owned(), "mật ong".to_owned()),
            ("message".to_owned(), "fake\u{0}report".to_owned()),
        ];
        assert_eq!(bad_pair(&pairs), Some("message".to_owned()));
        assert_eq!(bad_pair(&pairs[..1]), None);
    }
}
