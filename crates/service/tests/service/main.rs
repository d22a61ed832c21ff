//! The service crate's tests, one module per concern.
//! One executable for all of them: the crate and its dependencies are linked once.

mod certificate_jobs;
mod certificates;
mod dossier_preconditions;
mod dossiers;
mod oversight;
mod page_reads;
mod programme;
mod programme_reports;
mod score_sheets;
mod typed_text;
