//! Daily job leases and certificate notices.

use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entities::{certificate_notice, job_lease};

/// An insert that does nothing on conflict: true when it inserted the row.
fn inserted_one(result: Result<u64, DbErr>) -> Result<bool, DbErr> {
    match result {
        Ok(rows) => Ok(rows == 1),
        Err(DbErr::RecordNotInserted) => Ok(false),
        Err(err) => Err(err),
    }
}

/// Claims `job` for `day`: true for exactly one caller however many race (the
/// primary key (job, day) makes the insert atomic; the losers' insert does nothing).
pub async fn claim<C: ConnectionTrait>(conn: &C, job: &str, day: NaiveDate, holder: &str) -> Result<bool, DbErr> {
    let row = job_lease::Model {
        job: job.to_owned(),
        day,
        holder: holder.to_owned(),
        claimed_at: crate::now(),
        finished_at: None,
        summary: None,
    };
    let inserted = job_lease::Entity::insert(row.into_active_model())
        .on_conflict(
            OnConflict::columns([job_lease::Column::Job, job_lease::Column::Day])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await;
    inserted_one(inserted)
}

/// Marks a claimed job finished with a summary.
pub async fn finish<C: ConnectionTrait>(conn: &C, job: &str, day: NaiveDate, summary: &str) -> Result<(), DbErr> {
    job_lease::Entity::update_many()
        .col_expr(
            job_lease::Column::FinishedAt,
            sea_orm::sea_query::Expr::value(crate::now()),
        )
        .col_expr(
            job_lease::Column::Summary,
            sea_orm::sea_query::Expr::value(summary.to_owned()),
        )
        .filter(job_lease::Column::Job.eq(job))
        .filter(job_lease::Column::Day.eq(day))
        .exec(conn)
        .await
        .map(|_| ())
}

/// The lease of a job for a day.
pub async fn lease<C: ConnectionTrait>(conn: &C, job: &str, day: NaiveDate) -> Result<Option<job_lease::Model>, DbErr> {
    job_lease::Entity::find_by_id((job.to_owned(), day)).one(conn).await
}

/// Records a notice unless one of its kind exists for the certificate; true when recorded.
pub async fn insert_notice<C: ConnectionTrait>(conn: &C, notice: certificate_notice::Model) -> Result<bool, DbErr> {
    let inserted = certificate_notice::Entity::insert(notice.into_active_model())
        .on_conflict(
            OnConflict::columns([
                certificate_notice::Column::CertificateId,
                certificate_notice::Column::Kind,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await;
    inserted_one(inserted)
}

/// Filters for notice lists.
#[derive(Debug, Clone, Default)]
pub struct NoticeQuery {
    /// Today's province code.
    pub province_code: Option<String>,
    /// One producer's notices.
    pub producer_id: Option<Uuid>,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
}

/// Notices, newest first.
pub async fn notices<C: ConnectionTrait>(
    conn: &C,
    query: &NoticeQuery,
) -> Result<Vec<certificate_notice::Model>, DbErr> {
    let mut select = certificate_notice::Entity::find();
    if let Some(province) = &query.province_code {
        select = select.filter(certificate_notice::Column::ProvinceCode.eq(province.clone()));
    }
    if let Some(producer) = query.producer_id {
        select = select.filter(certificate_notice::Column::ProducerId.eq(producer));
    }
    select
        .order_by_desc(certificate_notice::Column::Day)
        .order_by_asc(certificate_notice::Column::Id)
        .offset(super::offset(query.offset))
        .limit(query.limit)
        .all(conn)
        .await
}

/// Notices not yet e-mailed.
pub async fn unsent<C: ConnectionTrait>(conn: &C) -> Result<Vec<certificate_notice::Model>, DbErr> {
    certificate_notice::Entity::find()
        .filter(certificate_notice::Column::EmailedAt.is_null())
        .order_by_asc(certificate_notice::Column::Id)
        .all(conn)
        .await
}

/// Marks a notice e-mailed.
pub async fn mark_emailed<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<(), DbErr> {
    certificate_notice::Entity::update_many()
        .col_expr(
            certificate_notice::Column::EmailedAt,
            sea_orm::sea_query::Expr::value(crate::now()),
        )
        .filter(certificate_notice::Column::Id.eq(id))
        .exec(conn)
        .await
        .map(|_| ())
}
