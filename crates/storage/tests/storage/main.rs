//! The storage crate's tests, one module per concern.
//! One executable for all of them: the crate and its dependencies are linked once.

mod admin_unit_conversion;
mod amendments;
mod criteria_sets;
mod migrate;
mod transfer;
