//! Councils (hội đồng đánh giá, phân hạng), their members and advisory team, evaluation
//! batches (đợt đánh giá), score sheets saved answer by answer, recusals and the notes of
//! the minutes.
//!
//! - `council`: one council per level and unit, founded by a decision (number, date).
//!   `province_code` is today's province it works in (access).
//! - `council_member`: an account sitting on a council with a role (`chair`, `vice_chair`,
//!   `member`, `secretary`, or `advisor` for the advisory team, tổ tư vấn) and an agency.
//! - `batch`: dates, meeting day, the council; `sent_on` is the day members received the
//!   electronic dossiers; `status` planned → scoring → closed → recognised; `attendance`
//!   (JSON array of member ids present) and `minutes` (text) are the secretary's.
//! - `batch_dossier`: a dossier scheduled in a batch, its current `round` (a re-scoring
//!   or a second round for pending test results opens the next one), its status and, once
//!   closed, the result computed by the engine (hundredths: `score_x100`, `parts` JSON,
//!   `spread_x100`), the star and the route.
//! - `recusal`: a member's declared conflict of interest for one dossier (same producer,
//!   family, employer): the member holds no seat for it.
//! - `score_sheet` / `score_answer`: one sheet per member, dossier and round; one answer
//!   (option index of the frozen criteria set) per criterion. `submitted_at` set → final.
//! - `batch_note`: the recorded discussion before a re-scoring round and other minutes notes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_councils"
    }
}

#[derive(DeriveIden)]
enum Council {
    Table,
    Id,
    Name,
    Level,
    UnitId,
    ProvinceCode,
    DecisionNumber,
    DecisionDate,
    CreatedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum CouncilMember {
    Table,
    Id,
    CouncilId,
    UserId,
    FullName,
    Role,
    Agency,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Batch {
    Table,
    Id,
    CouncilId,
    Name,
    StartsOn,
    EndsOn,
    MeetingOn,
    SentOn,
    Status,
    Attendance,
    Minutes,
    DecisionId,
    CreatedAt,
    RowVersion,
}

#[derive(DeriveIden)]
enum BatchDossier {
    Table,
    BatchId,
    DossierId,
    Round,
    Status,
    ScoreX100,
    Parts,
    SpreadX100,
    Star,
    Route,
    ClosedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Recusal {
    Table,
    Id,
    BatchId,
    DossierId,
    MemberId,
    Reason,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ScoreSheet {
    Table,
    Id,
    BatchId,
    DossierId,
    MemberId,
    Round,
    Comment,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ScoreAnswer {
    Table,
    SheetId,
    CriterionCode,
    OptionIndex,
    Comment,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BatchNote {
    Table,
    Id,
    BatchId,
    DossierId,
    Round,
    Kind,
    Body,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Decision {
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
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Council::Table)
                    .col(uuid(Council::Id).primary_key())
                    .col(string(Council::Name))
                    .col(string(Council::Level))
                    .col(string(Council::UnitId))
                    .col(string(Council::ProvinceCode))
                    .col(string(Council::DecisionNumber))
                    .col(date(Council::DecisionDate))
                    .col(timestamp_with_time_zone(Council::CreatedAt))
                    .col(integer(Council::RowVersion))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_council_province", Council::Table, &["province_code"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CouncilMember::Table)
                    .col(uuid(CouncilMember::Id).primary_key())
                    .col(uuid(CouncilMember::CouncilId))
                    .col(uuid(CouncilMember::UserId))
                    .col(string(CouncilMember::FullName))
                    .col(string(CouncilMember::Role))
                    .col(string(CouncilMember::Agency))
                    .col(timestamp_with_time_zone(CouncilMember::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_council_member_council",
                        (CouncilMember::Table, CouncilMember::CouncilId),
                        (Council::Table, Council::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_council_member_user",
                        (CouncilMember::Table, CouncilMember::UserId),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("ux_council_member", CouncilMember::Table, &["council_id", "user_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_council_member_user", CouncilMember::Table, &["user_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Batch::Table)
                    .col(uuid(Batch::Id).primary_key())
                    .col(uuid(Batch::CouncilId))
                    .col(string(Batch::Name))
                    .col(date(Batch::StartsOn))
                    .col(date(Batch::EndsOn))
                    .col(date(Batch::MeetingOn))
                    .col(date_null(Batch::SentOn))
                    .col(string(Batch::Status))
                    .col(text(Batch::Attendance))
                    .col(text(Batch::Minutes))
                    .col(uuid_null(Batch::DecisionId))
                    .col(timestamp_with_time_zone(Batch::CreatedAt))
                    .col(integer(Batch::RowVersion))
                    .foreign_key(&mut fk(
                        "fk_batch_council",
                        (Batch::Table, Batch::CouncilId),
                        (Council::Table, Council::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_batch_decision",
                        (Batch::Table, Batch::DecisionId),
                        (Decision::Table, Decision::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_batch_council", Batch::Table, &["council_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BatchDossier::Table)
                    .col(uuid(BatchDossier::BatchId))
                    .col(uuid(BatchDossier::DossierId))
                    .col(integer(BatchDossier::Round))
                    .col(string(BatchDossier::Status))
                    .col(integer_null(BatchDossier::ScoreX100))
                    .col(text_null(BatchDossier::Parts))
                    .col(integer_null(BatchDossier::SpreadX100))
                    .col(integer_null(BatchDossier::Star))
                    .col(string_null(BatchDossier::Route))
                    .col(timestamp_with_time_zone_null(BatchDossier::ClosedAt))
                    .col(timestamp_with_time_zone(BatchDossier::CreatedAt))
                    .primary_key(Index::create().col(BatchDossier::BatchId).col(BatchDossier::DossierId))
                    .foreign_key(&mut fk(
                        "fk_batch_dossier_batch",
                        (BatchDossier::Table, BatchDossier::BatchId),
                        (Batch::Table, Batch::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_batch_dossier_dossier",
                        (BatchDossier::Table, BatchDossier::DossierId),
                        (Dossier::Table, Dossier::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_batch_dossier_dossier", BatchDossier::Table, &["dossier_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Recusal::Table)
                    .col(uuid(Recusal::Id).primary_key())
                    .col(uuid(Recusal::BatchId))
                    .col(uuid(Recusal::DossierId))
                    .col(uuid(Recusal::MemberId))
                    .col(string(Recusal::Reason))
                    .col(text(Recusal::Note))
                    .col(timestamp_with_time_zone(Recusal::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_recusal_batch",
                        (Recusal::Table, Recusal::BatchId),
                        (Batch::Table, Batch::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_recusal_member",
                        (Recusal::Table, Recusal::MemberId),
                        (CouncilMember::Table, CouncilMember::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("ux_recusal", Recusal::Table, &["batch_id", "dossier_id", "member_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ScoreSheet::Table)
                    .col(uuid(ScoreSheet::Id).primary_key())
                    .col(uuid(ScoreSheet::BatchId))
                    .col(uuid(ScoreSheet::DossierId))
                    .col(uuid(ScoreSheet::MemberId))
                    .col(integer(ScoreSheet::Round))
                    .col(text(ScoreSheet::Comment))
                    .col(timestamp_with_time_zone_null(ScoreSheet::SubmittedAt))
                    .col(timestamp_with_time_zone(ScoreSheet::CreatedAt))
                    .col(timestamp_with_time_zone(ScoreSheet::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_score_sheet_batch",
                        (ScoreSheet::Table, ScoreSheet::BatchId),
                        (Batch::Table, Batch::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_score_sheet_member",
                        (ScoreSheet::Table, ScoreSheet::MemberId),
                        (CouncilMember::Table, CouncilMember::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_score_sheet",
                    ScoreSheet::Table,
                    &["batch_id", "dossier_id", "member_id", "round"],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ScoreAnswer::Table)
                    .col(uuid(ScoreAnswer::SheetId))
                    .col(string(ScoreAnswer::CriterionCode))
                    .col(integer(ScoreAnswer::OptionIndex))
                    .col(text(ScoreAnswer::Comment))
                    .col(timestamp_with_time_zone(ScoreAnswer::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(ScoreAnswer::SheetId)
                            .col(ScoreAnswer::CriterionCode),
                    )
                    .foreign_key(&mut fk(
                        "fk_score_answer_sheet",
                        (ScoreAnswer::Table, ScoreAnswer::SheetId),
                        (ScoreSheet::Table, ScoreSheet::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BatchNote::Table)
                    .col(uuid(BatchNote::Id).primary_key())
                    .col(uuid(BatchNote::BatchId))
                    .col(uuid_null(BatchNote::DossierId))
                    .col(integer(BatchNote::Round))
                    .col(string(BatchNote::Kind))
                    .col(text(BatchNote::Body))
                    .col(uuid(BatchNote::AuthorId))
                    .col(timestamp_with_time_zone(BatchNote::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_batch_note_batch",
                        (BatchNote::Table, BatchNote::BatchId),
                        (Batch::Table, Batch::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_batch_note_batch", BatchNote::Table, &["batch_id"]))
            .await?;
        Ok(())
    }
}
