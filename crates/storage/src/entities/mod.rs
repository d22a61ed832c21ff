//! SeaORM entities, one file per table. Column meaning is documented on the
//! migration that creates the table.

pub mod admin_unit;
pub mod admin_unit_current;
pub mod admin_unit_link;
pub mod audit_entry;
pub mod audit_head;
pub mod certificate;
pub mod certificate_notice;
pub mod certificate_report;
pub mod certificate_scan;
pub mod criteria_set;
pub mod decision;
pub mod job_lease;
pub mod point_of_sale;
pub mod producer;
pub mod producer_certification;
pub mod product;
pub mod product_photo;
pub mod product_set;
pub mod session;
pub mod user_account;
