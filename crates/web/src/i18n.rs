//! The interface language: `?lang=en|vi` (remembered in a cookie), else the
//! cookie, else Vietnamese. The API also honours `Accept-Language`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use ocop_domain::Lang;

/// Cookie holding the chosen language.
pub const LANG_COOKIE: &str = "ocop_lang";

/// The language of this request.
#[derive(Debug, Clone, Copy)]
pub struct RequestLang(pub Lang);

fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .map(Lang::from_tag)
}

/// Works out the language from the request parts.
pub fn lang_of(parts: &Parts) -> Lang {
    if let Some(lang) = query_lang(parts.uri.query()) {
        return lang;
    }
    let jar = CookieJar::from_headers(&parts.headers);
    if let Some(cookie) = jar.get(LANG_COOKIE) {
        return Lang::from_tag(cookie.value());
    }
    if parts.uri.path().starts_with("/api/")
        && let Some(accept) = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
    {
        return Lang::from_tag(accept);
    }
    Lang::Vi
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang(lang_of(parts)))
    }
}

/// The query-string value of a language switch, if the request made one.
pub fn switched_lang(parts: &Parts) -> Option<Lang> {
    query_lang(parts.uri.query())
}
