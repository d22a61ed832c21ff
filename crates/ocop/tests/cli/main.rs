//! The command line's tests (the `ocop` binary run as a person would), one module per concern.
//! One executable for all of them: the crate and its dependencies are linked once.

mod audit_verify;
mod backup;
mod batches_cli;
mod connections;
mod criteria_cli;
mod directives_cli;
mod export_import;
mod graceful_shutdown;
