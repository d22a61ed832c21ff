//! Reference data shipped inside the binary: administrative units (with the
//! 2025 conversion) and the product-set classifications. Loaded by migration
//! `m0002_reference_data`; later changes arrive as amendment files
//! ([`amendment`]), never as code.

pub mod admin_units;
pub use ocop_domain::import::amendment;
pub mod product_sets;

pub(crate) use ocop_domain::import::{field, read_csv};
