//! The cycle before the council: product ideas, business plans, the evidence vault and
//! evaluation dossiers with their workflow history.
//!
//! - `idea`: a product idea registration (phiếu đăng ký ý tưởng sản phẩm), `kind` `new` |
//!   `existing` (then `product_id`), `state` `submitted` | `accepted` | `returned`, with the
//!   deadline (`due_on`) for the commune's answer and who decided (`decided_by`, `reason`).
//! - `business_plan` + `business_plan_line`: a business plan (phương án sản xuất kinh doanh)
//!   with budget lines in whole đồng; `state` `draft` | `submitted` | `approved` | `returned`.
//! - `cycle_step`: every step of an idea or a business plan — action, states, who, when, the
//!   deadline of the next step, the reason.
//! - `evidence_document`: the producer's evidence vault (minh chứng): typed documents with
//!   issue and expiry dates, stored as content-addressed files; reused across dossiers.
//! - `dossier`: an evaluation dossier (hồ sơ) of a product: `kind` `new` | `upgrade` (with
//!   `current_stars`) | `reevaluation`; the workflow state as `state` (the snake_case name of
//!   `ocop_domain::evaluation::dossier::DossierState`) with `level`, `score_x100` and `stars`
//!   where the state carries them; `legal_basis` and `submitted_on` set at the first
//!   submission; `criteria_set_id` chosen while drafting and frozen at submission;
//!   `commune_id` as entered (scoped through `admin_unit_current` like products);
//!   `self_assessment` (JSON: criterion code → option index) and `commune_report` (JSON).
//! - `dossier_evidence`: a vault document attached to a dossier, for one criterion
//!   (`criterion_code`) or for the dossier as a whole (null).
//! - `dossier_event`: the dossier's history, `seq` 1, 2, … per dossier: the domain event
//!   (JSON), the states before and after (JSON), who, when and why.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_dossiers"
    }
}

#[derive(DeriveIden)]
enum Idea {
    Table,
    Id,
    ProducerId,
    ProductId,
    Kind,
    ProductName,
    ProductSetCode,
    Description,
    CommuneId,
    State,
    SubmittedOn,
    DueOn,
    SubmittedBy,
    DecidedOn,
    DecidedBy,
    Reason,
    RowVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BusinessPlan {
    Table,
    Id,
    ProducerId,
    IdeaId,
    ProductId,
    Title,
    Summary,
    CommuneId,
    State,
    TotalVnd,
    SubmittedOn,
    DueOn,
    DecidedOn,
    DecidedBy,
    Reason,
    RowVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BusinessPlanLine {
    Table,
    PlanId,
    Position,
    Item,
    AmountVnd,
    Funding,
}

#[derive(DeriveIden)]
enum CycleStep {
    Table,
    Id,
    SubjectType,
    SubjectId,
    Action,
    FromState,
    ToState,
    ActorId,
    ActorName,
    At,
    DueOn,
    Reason,
}

#[derive(DeriveIden)]
enum EvidenceDocument {
    Table,
    Id,
    ProducerId,
    DocType,
    Title,
    FileKey,
    ContentType,
    ByteSize,
    Sha256,
    IssuedOn,
    ExpiresOn,
    Issuer,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
    ProducerId,
    ProductId,
    Kind,
    CurrentStars,
    State,
    Level,
    ScoreX100,
    Stars,
    LegalBasis,
    CriteriaSetId,
    SubmittedOn,
    CommuneId,
    SelfAssessment,
    CommuneReport,
    CreatedBy,
    RowVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DossierEvidence {
    Table,
    Id,
    DossierId,
    DocumentId,
    CriterionCode,
    AttachedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DossierEvent {
    Table,
    DossierId,
    Seq,
    Event,
    FromState,
    ToState,
    ActorId,
    ActorName,
    At,
    Note,
}

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Producer {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CriteriaSet {
    Table,
    Id,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, columns: &[&'static str]) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(Alias::new(*column));
    }
    statement.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Idea::Table)
                    .col(uuid(Idea::Id).primary_key())
                    .col(uuid(Idea::ProducerId))
                    .col(uuid_null(Idea::ProductId))
                    .col(string(Idea::Kind))
                    .col(string(Idea::ProductName))
                    .col(string_null(Idea::ProductSetCode))
                    .col(text(Idea::Description))
                    .col(string(Idea::CommuneId))
                    .col(string(Idea::State))
                    .col(date(Idea::SubmittedOn))
                    .col(date(Idea::DueOn))
                    .col(uuid_null(Idea::SubmittedBy))
                    .col(date_null(Idea::DecidedOn))
                    .col(uuid_null(Idea::DecidedBy))
                    .col(text_null(Idea::Reason))
                    .col(integer(Idea::RowVersion))
                    .col(timestamp_with_time_zone(Idea::CreatedAt))
                    .col(timestamp_with_time_zone(Idea::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_idea_producer",
                        (Idea::Table, Idea::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_idea_product",
                        (Idea::Table, Idea::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_idea_producer", Idea::Table, &["producer_id"]))
            .await?;
        manager
            .create_index(index("ix_idea_commune", Idea::Table, &["commune_id", "state"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BusinessPlan::Table)
                    .col(uuid(BusinessPlan::Id).primary_key())
                    .col(uuid(BusinessPlan::ProducerId))
                    .col(uuid_null(BusinessPlan::IdeaId))
                    .col(uuid_null(BusinessPlan::ProductId))
                    .col(string(BusinessPlan::Title))
                    .col(text(BusinessPlan::Summary))
                    .col(string(BusinessPlan::CommuneId))
                    .col(string(BusinessPlan::State))
                    .col(big_integer(BusinessPlan::TotalVnd))
                    .col(date_null(BusinessPlan::SubmittedOn))
                    .col(date_null(BusinessPlan::DueOn))
                    .col(date_null(BusinessPlan::DecidedOn))
                    .col(uuid_null(BusinessPlan::DecidedBy))
                    .col(text_null(BusinessPlan::Reason))
                    .col(integer(BusinessPlan::RowVersion))
                    .col(timestamp_with_time_zone(BusinessPlan::CreatedAt))
                    .col(timestamp_with_time_zone(BusinessPlan::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_business_plan_producer",
                        (BusinessPlan::Table, BusinessPlan::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_business_plan_idea",
                        (BusinessPlan::Table, BusinessPlan::IdeaId),
                        (Idea::Table, Idea::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_business_plan_product",
                        (BusinessPlan::Table, BusinessPlan::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_business_plan_producer",
                BusinessPlan::Table,
                &["producer_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BusinessPlanLine::Table)
                    .col(uuid(BusinessPlanLine::PlanId))
                    .col(integer(BusinessPlanLine::Position))
                    .col(string(BusinessPlanLine::Item))
                    .col(big_integer(BusinessPlanLine::AmountVnd))
                    .col(string(BusinessPlanLine::Funding))
                    .primary_key(
                        Index::create()
                            .col(BusinessPlanLine::PlanId)
                            .col(BusinessPlanLine::Position),
                    )
                    .foreign_key(&mut fk(
                        "fk_business_plan_line_plan",
                        (BusinessPlanLine::Table, BusinessPlanLine::PlanId),
                        (BusinessPlan::Table, BusinessPlan::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CycleStep::Table)
                    .col(uuid(CycleStep::Id).primary_key())
                    .col(string(CycleStep::SubjectType))
                    .col(uuid(CycleStep::SubjectId))
                    .col(string(CycleStep::Action))
                    .col(string_null(CycleStep::FromState))
                    .col(string(CycleStep::ToState))
                    .col(uuid_null(CycleStep::ActorId))
                    .col(string(CycleStep::ActorName))
                    .col(timestamp_with_time_zone(CycleStep::At))
                    .col(date_null(CycleStep::DueOn))
                    .col(text_null(CycleStep::Reason))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_cycle_step_subject",
                CycleStep::Table,
                &["subject_type", "subject_id", "at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EvidenceDocument::Table)
                    .col(uuid(EvidenceDocument::Id).primary_key())
                    .col(uuid(EvidenceDocument::ProducerId))
                    .col(string(EvidenceDocument::DocType))
                    .col(string(EvidenceDocument::Title))
                    .col(string(EvidenceDocument::FileKey))
                    .col(string(EvidenceDocument::ContentType))
                    .col(big_integer(EvidenceDocument::ByteSize))
                    .col(string(EvidenceDocument::Sha256))
                    .col(date_null(EvidenceDocument::IssuedOn))
                    .col(date_null(EvidenceDocument::ExpiresOn))
                    .col(string_null(EvidenceDocument::Issuer))
                    .col(uuid_null(EvidenceDocument::UploadedBy))
                    .col(timestamp_with_time_zone(EvidenceDocument::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_evidence_document_producer",
                        (EvidenceDocument::Table, EvidenceDocument::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_evidence_document_producer",
                EvidenceDocument::Table,
                &["producer_id", "doc_type"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Dossier::Table)
                    .col(uuid(Dossier::Id).primary_key())
                    .col(uuid(Dossier::ProducerId))
                    .col(uuid(Dossier::ProductId))
                    .col(string(Dossier::Kind))
                    .col(integer_null(Dossier::CurrentStars))
                    .col(string(Dossier::State))
                    .col(string_null(Dossier::Level))
                    .col(integer_null(Dossier::ScoreX100))
                    .col(integer_null(Dossier::Stars))
                    .col(string_null(Dossier::LegalBasis))
                    .col(uuid(Dossier::CriteriaSetId))
                    .col(date_null(Dossier::SubmittedOn))
                    .col(string(Dossier::CommuneId))
                    .col(text(Dossier::SelfAssessment))
                    .col(text_null(Dossier::CommuneReport))
                    .col(uuid_null(Dossier::CreatedBy))
                    .col(integer(Dossier::RowVersion))
                    .col(timestamp_with_time_zone(Dossier::CreatedAt))
                    .col(timestamp_with_time_zone(Dossier::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_dossier_producer",
                        (Dossier::Table, Dossier::ProducerId),
                        (Producer::Table, Producer::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_dossier_product",
                        (Dossier::Table, Dossier::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_dossier_criteria_set",
                        (Dossier::Table, Dossier::CriteriaSetId),
                        (CriteriaSet::Table, CriteriaSet::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_dossier_producer", &["producer_id"][..]),
            ("ix_dossier_product", &["product_id"][..]),
            ("ix_dossier_state", &["state", "level"][..]),
            ("ix_dossier_commune", &["commune_id"][..]),
        ] {
            manager.create_index(index(name, Dossier::Table, columns)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(DossierEvidence::Table)
                    .col(uuid(DossierEvidence::Id).primary_key())
                    .col(uuid(DossierEvidence::DossierId))
                    .col(uuid(DossierEvidence::DocumentId))
                    .col(string_null(DossierEvidence::CriterionCode))
                    .col(uuid_null(DossierEvidence::AttachedBy))
                    .col(timestamp_with_time_zone(DossierEvidence::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_dossier_evidence_dossier",
                        (DossierEvidence::Table, DossierEvidence::DossierId),
                        (Dossier::Table, Dossier::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_dossier_evidence_document",
                        (DossierEvidence::Table, DossierEvidence::DocumentId),
                        (EvidenceDocument::Table, EvidenceDocument::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_dossier_evidence_dossier",
                DossierEvidence::Table,
                &["dossier_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DossierEvent::Table)
                    .col(uuid(DossierEvent::DossierId))
                    .col(integer(DossierEvent::Seq))
                    .col(text(DossierEvent::Event))
                    .col(text(DossierEvent::FromState))
                    .col(text(DossierEvent::ToState))
                    .col(uuid_null(DossierEvent::ActorId))
                    .col(string(DossierEvent::ActorName))
                    .col(timestamp_with_time_zone(DossierEvent::At))
                    .col(text_null(DossierEvent::Note))
                    .primary_key(Index::create().col(DossierEvent::DossierId).col(DossierEvent::Seq))
                    .foreign_key(&mut fk(
                        "fk_dossier_event_dossier",
                        (DossierEvent::Table, DossierEvent::DossierId),
                        (Dossier::Table, Dossier::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
