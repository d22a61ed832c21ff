//! Schema migrations, applied in order by `ocop migrate` (and at start-up on SQLite).
//!
//! Portable subset only: plain tables, primary and foreign keys, unique and
//! ordinary indexes; text, integers, doubles, booleans, dates, timestamps and
//! blobs. No triggers, extensions, arrays, advisory locks or engine-specific SQL.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_reference_data;
mod m0003_evaluation;
mod m0004_certificates;
mod m0005_dossiers;
mod m0006_councils;
mod m0007_certificate_jobs;
mod m0008_programme;
mod m0010_points_of_sale;
mod m0011_programme_reports;
mod m0012_batch_disqualifiers;
mod m0013_central_level;
mod m0014_product_words;
mod m0015_audit_keys;
mod m0016_abuse_signals;
mod m0017_meeting_minutes;
mod m0018_certified_facts;
mod m0021_oversight;
mod m0022_report_merge_key;
mod m0023_directive_kind;

/// The list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_reference_data::Migration),
            Box::new(m0003_evaluation::Migration),
            Box::new(m0004_certificates::Migration),
            Box::new(m0005_dossiers::Migration),
            Box::new(m0006_councils::Migration),
            Box::new(m0007_certificate_jobs::Migration),
            Box::new(m0008_programme::Migration),
            Box::new(m0010_points_of_sale::Migration),
            Box::new(m0011_programme_reports::Migration),
            Box::new(m0012_batch_disqualifiers::Migration),
            Box::new(m0013_central_level::Migration),
            Box::new(m0014_product_words::Migration),
            Box::new(m0015_audit_keys::Migration),
            Box::new(m0016_abuse_signals::Migration),
            Box::new(m0017_meeting_minutes::Migration),
            Box::new(m0018_certified_facts::Migration),
            Box::new(m0021_oversight::Migration),
            Box::new(m0022_report_merge_key::Migration),
            Box::new(m0023_directive_kind::Migration),
        ]
    }
}
