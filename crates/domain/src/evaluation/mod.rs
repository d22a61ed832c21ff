//! The OCOP evaluation (đánh giá, phân hạng sản phẩm OCOP): legal bases, criteria sets,
//! the scoring engine and the dossier workflow — all pure, all data-driven.

pub mod attendance;
pub mod batch;
pub mod criteria;
pub mod criteria_check;
pub mod dossier;
pub mod legal_basis;
pub mod points;
pub mod preconditions;
pub mod routing;
pub mod sample;
pub mod scoring;

#[cfg(test)]
mod worked_example;

pub use criteria::CriteriaSet;
pub use legal_basis::{LegalBases, LegalBasis, Level};
pub use points::{Points, Stars};
