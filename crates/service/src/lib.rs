//! Use cases: every read and write the web pages, the JSON API and the
//! command line perform, with the access rules checked here — once — for
//! all of them. A write opens one transaction holding the change and its
//! audit entry.

pub mod accounts;
pub mod admin_units;
pub mod amendments;
pub mod audit;
pub mod audit_state;
pub mod backup;
pub mod certificates;
pub mod clients;
pub mod councils;
pub mod criteria_sets;
pub mod criteria_xlsx;
pub mod csv_out;
pub mod cycle;
pub mod demo;
pub mod dossiers;
pub mod error;
pub mod files;
pub mod home;
pub mod mail;
pub mod oversight;
pub mod points_of_sale;
pub mod producers;
pub mod products;
pub mod programme;
pub mod search_text;
mod typed_text;

pub use error::ServiceError;
/// The guard every uploaded workbook passes (moved to the domain, so it is fuzzed alone).
pub use ocop_domain::import::xlsx_guard as xlsx;
pub use ocop_domain::role::Actor;

use ocop_storage::Database;
use ocop_storage::audit::AuditActor;

/// What every use case needs: the database and the file store.
#[derive(Clone)]
pub struct Context {
    /// The database.
    pub db: Database,
    /// Where uploaded files live.
    pub files: files::FileStore,
}

/// The clock every use case stamps with (to the microsecond, as stored), for a page that
/// shows when it answered (the verification page's "checked at" when nothing was found).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    ocop_storage::now()
}

/// The audit actor for an account.
pub fn audit_actor(actor: &Actor) -> AuditActor {
    AuditActor {
        id: Some(actor.user_id.0),
        name: actor.username.clone(),
    }
}

/// Page size limits shared by every list.
pub mod paging {
    /// Default rows per page.
    pub const DEFAULT_LIMIT: u64 = 20;
    /// The most rows one request may ask for.
    pub const MAX_LIMIT: u64 = 200;

    /// Clamps a requested limit.
    pub fn limit(requested: Option<u64>) -> u64 {
        requested.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
    }
}
