//! Oversight after the star (issue 14):
//!
//! - `inspection_plan`: a unit's inspection plan for a year (`status`: `draft`, `approved`);
//! - `inspection`: one inspection, in a plan or a field check before acceptance (`idea_id`,
//!   `dossier_id`), of a product, producer or certificate, with its ground, lead agency,
//!   planned day, `status` (`planned`, `recorded`, `signed_off`, `cancelled`), the record
//!   (day carried out, place, team, lead, what was checked, evidence keys in the file store)
//!   and the case it came from;
//! - `inspection_finding`: a finding with kind, severity, remedy, `due_on` (counted in working
//!   days where the law says so), `status` (`open`, `answered`, `remedied`, `proposed`,
//!   `decided`, `declined`), the producer's answer and evidence, and the consequence proposed
//!   to the issuing authority with its decision;
//! - `oversight_case`: a case from a fake report, unusual scans or an agency complaint,
//!   assigned to the province of the code (none: central), with status, outcome, the
//!   inspection it led to and the case it was merged into; `oversight_case_note`: its notes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0021_oversight"
    }
}

fn c(name: &'static str) -> Alias {
    Alias::new(name)
}

fn index(name: &str, table: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(c(table));
    for column in columns {
        statement.col(c(column));
    }
    statement.to_owned()
}

fn fk(name: &str, from: (&'static str, &'static str), to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(c(from.0), c(from.1))
        .to(c(to), c("id"))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(c("inspection_plan"))
                    .col(uuid(c("id")).primary_key())
                    .col(string(c("unit_id")))
                    .col(integer(c("year")))
                    .col(string(c("title")))
                    .col(string(c("status")))
                    .col(text_null(c("note")))
                    .col(uuid(c("created_by")))
                    .col(timestamp_with_time_zone(c("created_at")))
                    .col(uuid_null(c("approved_by")))
                    .col(timestamp_with_time_zone_null(c("approved_at")))
                    .col(integer(c("row_version")))
                    .foreign_key(&mut fk(
                        "fk_inspection_plan_unit",
                        ("inspection_plan", "unit_id"),
                        "admin_unit",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("ux_inspection_plan_unit_year", "inspection_plan", &["unit_id", "year"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(c("oversight_case"))
                    .col(uuid(c("id")).primary_key())
                    .col(string(c("source")))
                    .col(string_null(c("verification_code")))
                    .col(uuid_null(c("certificate_id")))
                    .col(uuid_null(c("report_id")))
                    .col(string_null(c("province_code")))
                    .col(text(c("summary")))
                    .col(string_null(c("reporter_contact")))
                    .col(string(c("status")))
                    .col(string_null(c("outcome")))
                    .col(text_null(c("outcome_note")))
                    .col(uuid_null(c("merged_into")))
                    .col(uuid_null(c("inspection_id")))
                    .col(uuid_null(c("opened_by")))
                    .col(timestamp_with_time_zone(c("opened_at")))
                    .col(timestamp_with_time_zone_null(c("closed_at")))
                    .col(integer(c("row_version")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_oversight_case_province_status",
                "oversight_case",
                &["province_code", "status"],
            ))
            .await?;
        manager
            .create_index(index("ix_oversight_case_report", "oversight_case", &["report_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(c("oversight_case_note"))
                    .col(uuid(c("id")).primary_key())
                    .col(uuid(c("case_id")))
                    .col(uuid_null(c("author_id")))
                    .col(string(c("author_name")))
                    .col(text(c("text")))
                    .col(timestamp_with_time_zone(c("created_at")))
                    .foreign_key(&mut fk(
                        "fk_oversight_case_note_case",
                        ("oversight_case_note", "case_id"),
                        "oversight_case",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_oversight_case_note_case",
                "oversight_case_note",
                &["case_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(c("inspection"))
                    .col(uuid(c("id")).primary_key())
                    .col(uuid_null(c("plan_id")))
                    .col(uuid_null(c("product_id")))
                    .col(uuid_null(c("producer_id")))
                    .col(uuid_null(c("certificate_id")))
                    .col(uuid_null(c("idea_id")))
                    .col(uuid_null(c("dossier_id")))
                    .col(uuid_null(c("case_id")))
                    .col(string_null(c("province_code")))
                    .col(string(c("ground")))
                    .col(string(c("lead_agency")))
                    .col(date(c("planned_on")))
                    .col(string(c("status")))
                    .col(date_null(c("carried_out_on")))
                    .col(text_null(c("place")))
                    .col(text_null(c("team")))
                    .col(string_null(c("lead_name")))
                    .col(text_null(c("checked")))
                    .col(text_null(c("evidence")))
                    .col(uuid_null(c("signed_off_by")))
                    .col(timestamp_with_time_zone_null(c("signed_off_at")))
                    .col(text_null(c("cancel_reason")))
                    .col(uuid(c("created_by")))
                    .col(timestamp_with_time_zone(c("created_at")))
                    .col(integer(c("row_version")))
                    .foreign_key(&mut fk(
                        "fk_inspection_plan",
                        ("inspection", "plan_id"),
                        "inspection_plan",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_inspection_plan", "inspection", &["plan_id"]))
            .await?;
        manager
            .create_index(index(
                "ix_inspection_province_status",
                "inspection",
                &["province_code", "status"],
            ))
            .await?;
        manager
            .create_index(index("ix_inspection_product", "inspection", &["product_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(c("inspection_finding"))
                    .col(uuid(c("id")).primary_key())
                    .col(uuid(c("inspection_id")))
                    .col(uuid_null(c("certificate_id")))
                    .col(uuid_null(c("product_id")))
                    .col(uuid_null(c("producer_id")))
                    .col(string_null(c("province_code")))
                    .col(string(c("kind")))
                    .col(string(c("severity")))
                    .col(text(c("description")))
                    .col(text(c("remedy_required")))
                    .col(date(c("found_on")))
                    .col(integer_null(c("working_days")))
                    .col(date(c("due_on")))
                    .col(string(c("status")))
                    .col(text_null(c("answer")))
                    .col(text_null(c("answer_evidence")))
                    .col(timestamp_with_time_zone_null(c("answered_at")))
                    .col(text_null(c("remedy_evidence")))
                    .col(timestamp_with_time_zone_null(c("closed_at")))
                    .col(string_null(c("consequence")))
                    .col(uuid_null(c("proposed_by")))
                    .col(timestamp_with_time_zone_null(c("proposed_at")))
                    .col(uuid_null(c("decided_by")))
                    .col(timestamp_with_time_zone_null(c("decided_at")))
                    .col(text_null(c("decision_note")))
                    .col(uuid(c("created_by")))
                    .col(timestamp_with_time_zone(c("created_at")))
                    .col(integer(c("row_version")))
                    .foreign_key(&mut fk(
                        "fk_inspection_finding_inspection",
                        ("inspection_finding", "inspection_id"),
                        "inspection",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_inspection_finding_inspection",
                "inspection_finding",
                &["inspection_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_inspection_finding_status_due",
                "inspection_finding",
                &["status", "due_on"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "inspection_finding",
            "inspection",
            "oversight_case_note",
            "oversight_case",
            "inspection_plan",
        ] {
            manager.drop_table(Table::drop().table(c(table)).to_owned()).await?;
        }
        Ok(())
    }
}
