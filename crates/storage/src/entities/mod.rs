//! SeaORM entities, one file per table. Column meaning is documented on the
//! migration that creates the table.

pub mod admin_unit;
pub mod admin_unit_current;
pub mod admin_unit_link;
pub mod audit_entry;
pub mod audit_head;
pub mod batch;
pub mod batch_dossier;
pub mod batch_note;
pub mod business_plan;
pub mod business_plan_line;
pub mod certificate;
pub mod certificate_notice;
pub mod certificate_report;
pub mod certificate_scan;
pub mod council;
pub mod council_member;
pub mod criteria_set;
pub mod cycle_step;
pub mod decision;
pub mod dossier;
pub mod dossier_event;
pub mod dossier_evidence;
pub mod evidence_document;
pub mod idea;
pub mod job_lease;
pub mod producer;
pub mod producer_certification;
pub mod product;
pub mod product_photo;
pub mod product_set;
pub mod recusal;
pub mod score_answer;
pub mod score_sheet;
pub mod session;
pub mod user_account;
