//! The OCOP domain: types, rules and Vietnamese text handling.
//!
//! This crate knows nothing of databases, HTTP or files. Everything above it
//! (storage, services, web, documents, the binary) depends on it, never the
//! other way round.

pub mod admin_unit;
pub mod calendar;
pub mod certificate;
pub mod cycle;
pub mod error_code;
pub mod evaluation;
pub mod identifiers;
pub mod ids;
pub mod import;
pub mod lang;
pub mod named;
pub mod oversight;
pub mod password;
pub mod producer;
pub mod product;
pub mod programme;
pub mod role;
pub mod text;

pub use error_code::{ErrorCode, FieldError, ValidationErrors};
pub use lang::Lang;
