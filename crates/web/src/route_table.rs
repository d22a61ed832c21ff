//! Every route the router registers, as (method, path template): the API's
//! documented operations read from its OpenAPI document (`api::document`, built
//! from the same `routes!` declaration as its router), and every other route read
//! from the source of the `routes()` functions themselves — so a route added in
//! another branch joins the access checks without anyone keeping a second
//! list. `tests/access.rs` proves the list and the running router agree
//! (each entry answers under its template; no other method does) and that
//! every entry has a row in `access.toml`.

use axum::http::Method;

/// The files whose `routes()` the application merges.
const SOURCES: [(&str, &str); 3] = [
    ("api/mod.rs", include_str!("api/mod.rs")),
    ("pages/mod.rs", include_str!("pages/mod.rs")),
    ("assets.rs", include_str!("assets.rs")),
];

const METHODS: [(&str, Method); 5] = [
    ("get", Method::GET),
    ("post", Method::POST),
    ("put", Method::PUT),
    ("patch", Method::PATCH),
    ("delete", Method::DELETE),
];

/// Every (method, path template) registered by `api::routes`, `pages::routes` and `assets::routes`.
pub fn route_table() -> Vec<(Method, &'static str)> {
    let mut table = documented_operations();
    for (file, source) in SOURCES {
        for forbidden in [".nest(", ".route_service(", ".nest_service("] {
            assert!(
                !source.contains(forbidden),
                "{file} uses {forbidden}: register routes with .route(\"/path\", get(..)), or in the API with .routes(routes!(..)), so the access table sees them"
            );
        }
        let mut rest = source;
        while let Some(at) = rest.find(".route(") {
            let call = balanced(&rest[at + ".route(".len()..]);
            table.extend(parse_route(file, call));
            rest = &rest[at + ".route(".len() + call.len()..];
        }
    }
    table
}

/// Every operation of the API's OpenAPI document, which `api::routes` serves from the same
/// declaration.
fn documented_operations() -> Vec<(Method, &'static str)> {
    let mut table = Vec::new();
    for (path, item) in &crate::api::document().paths.paths {
        let operations = [
            (Method::GET, &item.get),
            (Method::POST, &item.post),
            (Method::PUT, &item.put),
            (Method::PATCH, &item.patch),
            (Method::DELETE, &item.delete),
        ];
        for (method, operation) in operations {
            if operation.is_some() {
                table.push((method, path.as_str()));
            }
        }
    }
    table
}

/// The text up to the parenthesis closing the one just opened.
fn balanced(text: &'static str) -> &'static str {
    let mut depth = 1;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced .route( call")
}

fn parse_route(file: &str, call: &'static str) -> Vec<(Method, &'static str)> {
    let start = call
        .find('"')
        .unwrap_or_else(|| panic!("{file}: a route without a literal path"));
    let len = call[start + 1..].find('"').expect("closing quote");
    let path = &call[start + 1..start + 1 + len];
    let handlers = &call[start + 2 + len..];
    let bytes = handlers.as_bytes();
    let mut methods = Vec::new();
    for (name, method) in METHODS {
        let mut from = 0;
        while let Some(pos) = handlers[from..].find(&format!("{name}(")) {
            let at = from + pos;
            let before = if at == 0 { b' ' } else { bytes[at - 1] };
            if !(before.is_ascii_alphanumeric() || before == b'_') {
                methods.push((method.clone(), path));
            }
            from = at + name.len();
        }
    }
    assert!(
        !methods.is_empty(),
        "{file}: route {path} has no method router this parser knows"
    );
    methods
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chained_and_qualified_method_routers_are_read() {
        let parsed = parse_route(
            "x",
            r#""/a/{id}", get(producers::get).put(producers::update).post(x::delete_all)"#,
        );
        assert_eq!(
            parsed,
            vec![
                (Method::GET, "/a/{id}"),
                (Method::POST, "/a/{id}"),
                (Method::PUT, "/a/{id}")
            ]
        );
        let parsed = parse_route("x", r#""/b", axum::routing::delete(producers::remove)"#);
        assert_eq!(parsed, vec![(Method::DELETE, "/b")]);
    }

    #[test]
    fn the_table_holds_known_routes() {
        let table = route_table();
        assert!(table.contains(&(Method::PUT, "/api/v1/producers/{id}")));
        assert!(table.contains(&(Method::GET, "/assets/{*path}")));
        assert!(table.contains(&(Method::POST, "/login")));
        assert!(!table.contains(&(Method::DELETE, "/api/v1/producers/{id}")));
    }
}
