//! The web layer: a JSON API under `/api/v1` (described at `/api/openapi.json`)
//! and server-rendered pages (askama + htmx), both calling the same services.
//!
//! Cross-cutting concerns live here once: sessions and the acting user
//! ([`auth`]), CSRF on every unsafe request ([`csrf`]), security headers,
//! language choice ([`i18n`]), error rendering ([`error`]) and the embedded
//! static assets ([`assets`]).

pub mod api;
pub mod app;
pub mod assets;
pub mod auth;
pub mod csrf;
pub mod error;
pub mod form_day;
pub mod form_state;
pub mod i18n;
pub mod input;
pub mod menu;
pub mod metrics;
pub mod pages;
pub mod route_table;
pub mod security;
pub mod throttle;

pub use app::{AppState, ConnectionLimits, WebConfig, router, serve};
