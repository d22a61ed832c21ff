//! Evaluation dossiers (hồ sơ đánh giá, phân hạng sản phẩm OCOP): preparation by the
//! producer, evidence from the producer's vault, self-assessment, and the workflow up to
//! "eligible" (commune review, commune report, province check). Scheduling and scoring
//! belong to the councils services, which call [`workflow::apply_event`] in their own
//! transactions.

pub mod workflow;
