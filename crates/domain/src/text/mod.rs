//! Vietnamese text handling: accent folding for search and collation for sorting.
//!
//! Two rules keep search and sorting consistent across the application:
//! every search compares [`fold`]ed text, and every list shown to a person is
//! ordered by [`compare_vi`] (in memory) or by [`sort_key_vi`] (in the database).
//! Typed text enters through [`input::clean_input`] (NFC, no control characters)
//! and leaves in CSV through [`csv_cell::defuse`].

pub mod collate;
pub mod csv_cell;
pub mod fold;
pub mod input;

pub use collate::{SORT_KEY_SCHEME, compare_vi, sort_key_vi, sort_vi_by};
pub use fold::{fold, fold_query_terms, folded_contains_all, folded_words};
