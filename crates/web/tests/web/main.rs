//! The web crate's black-box tests, in one executable: each module is one concern
//! (one test binary links the crate once, instead of once per file).

mod abuse;
mod access;
mod accounts;
mod admin_units_api;
mod audit;
mod audit_coverage;
mod authority;
mod batch_documents;
mod central;
mod certificate_pages;
mod certificates;
mod common;
mod councils;
mod criteria_sets_api;
mod cycle_pages;
mod dossiers;
mod evaluation_access;
mod form_days;
mod hostile_input;
mod hygiene;
mod illegal_steps;
mod logs;
mod national;
mod oversight;
mod pages;
mod pages_and_docs;
mod programme;
mod programme_reports;
mod registry_api;
