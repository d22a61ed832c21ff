//! Certificates, their decisions, scan counters and fake reports.

use chrono::NaiveDate;
use ocop_domain::certificate::CertificateStatus;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait,
};
use uuid::Uuid;

use super::Page;
use super::product_repo::{self, ProductQuery};
use crate::entities::{certificate, certificate_report, certificate_scan, certificate_scan_client, decision, product};

/// Filters for certificate lists (catalogue, worklists, open data).
#[derive(Debug, Clone, Default)]
pub struct CertificateQuery {
    /// Filters on the certified product (folded terms, today's province and commune, product set).
    pub product: ProductQuery,
    /// Province the certificate is numbered in (today's code), for worklists.
    pub province_code: Option<String>,
    /// Star class.
    pub stars: Option<i32>,
    /// Statuses wanted (any of), evaluated on `today`.
    pub statuses: Vec<CertificateStatus>,
    /// The day statuses are evaluated on.
    pub today: Option<NaiveDate>,
    /// The last "valid through" day inside the expiring window on `today`
    /// (`ocop_domain::certificate::validity::expiring_cutoff`).
    pub expiring_cutoff: Option<NaiveDate>,
    /// Leave out certificates that another one replaced.
    pub current_only: bool,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
}

fn reached(column: certificate::Column, today: NaiveDate) -> Condition {
    Condition::all().add(column.is_not_null()).add(column.lte(today))
}

fn not_reached(column: certificate::Column, today: NaiveDate) -> Condition {
    Condition::any().add(column.is_null()).add(column.gt(today))
}

/// The SQL form of `LifecycleFacts::status_on` for one status (kept in step by
/// the service tests that compare both).
pub fn status_condition(status: CertificateStatus, today: NaiveDate, cutoff: NaiveDate) -> Condition {
    use certificate::Column as C;
    let open = Condition::all()
        .add(not_reached(C::RevokedOn, today))
        .add(not_reached(C::SupersededOn, today));
    let issued = open.clone().add(C::IssuedOn.lte(today));
    let running = issued.clone().add(not_reached(C::SuspendedOn, today));
    match status {
        CertificateStatus::Revoked => reached(C::RevokedOn, today),
        CertificateStatus::Superseded => Condition::all()
            .add(not_reached(C::RevokedOn, today))
            .add(reached(C::SupersededOn, today)),
        CertificateStatus::NotYetValid => open.add(C::IssuedOn.gt(today)),
        CertificateStatus::Suspended => issued.add(reached(C::SuspendedOn, today)),
        CertificateStatus::Expired => running.add(C::ValidThrough.lt(today)),
        CertificateStatus::Expiring => running.add(C::ValidThrough.gte(today)).add(C::ValidThrough.lte(cutoff)),
        CertificateStatus::Valid => running.add(C::ValidThrough.gt(cutoff)),
    }
}

fn condition(query: &CertificateQuery) -> Condition {
    let mut condition = Condition::all();
    let product_filter = product_repo::condition(&query.product);
    if !product_filter.is_empty() {
        condition = condition.add(
            certificate::Column::ProductId.in_subquery(
                Query::select()
                    .column(product::Column::Id)
                    .from(product::Entity)
                    .cond_where(product_filter)
                    .to_owned(),
            ),
        );
    }
    if let Some(province) = &query.province_code {
        condition = condition.add(certificate::Column::ProvinceCode.eq(province.clone()));
    }
    if let Some(stars) = query.stars {
        condition = condition.add(certificate::Column::Stars.eq(stars));
    }
    if query.current_only {
        condition = condition.add(certificate::Column::SupersededBy.is_null());
    }
    if let (false, Some(today), Some(cutoff)) = (query.statuses.is_empty(), query.today, query.expiring_cutoff) {
        let any = query.statuses.iter().fold(Condition::any(), |any, status| {
            any.add(status_condition(*status, today, cutoff))
        });
        condition = condition.add(any);
    }
    condition
}

/// Lists certificates in the Vietnamese order of their product's name.
pub async fn list<C: ConnectionTrait>(conn: &C, query: &CertificateQuery) -> Result<Page<certificate::Model>, DbErr> {
    let select = certificate::Entity::find().filter(condition(query));
    let total = select.clone().count(conn).await?;
    let items = select
        .join(sea_orm::JoinType::InnerJoin, certificate::Relation::Product.def())
        .order_by_asc(product::Column::SortKey)
        .order_by_asc(certificate::Column::IssuedOn)
        .order_by_asc(certificate::Column::Id)
        .offset(super::offset(query.offset))
        .limit(query.limit)
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

/// Every certificate, by number (open data).
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<certificate::Model>, DbErr> {
    certificate::Entity::find()
        .order_by_asc(certificate::Column::Number)
        .all(conn)
        .await
}

/// One certificate.
pub async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<certificate::Model>, DbErr> {
    certificate::Entity::find_by_id(id).one(conn).await
}

/// The certificate behind a verification code.
pub async fn by_code<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Option<certificate::Model>, DbErr> {
    certificate::Entity::find()
        .filter(certificate::Column::VerificationCode.eq(code))
        .one(conn)
        .await
}

/// Every certificate of a product, oldest first.
pub async fn of_product<C: ConnectionTrait>(conn: &C, product_id: Uuid) -> Result<Vec<certificate::Model>, DbErr> {
    certificate::Entity::find()
        .filter(certificate::Column::ProductId.eq(product_id))
        .order_by_asc(certificate::Column::IssuedOn)
        .order_by_asc(certificate::Column::Id)
        .all(conn)
        .await
}

/// Every certificate of the products a producer owns today, oldest first.
pub async fn of_producer_products<C: ConnectionTrait>(
    conn: &C,
    producer_id: Uuid,
) -> Result<Vec<certificate::Model>, DbErr> {
    certificate::Entity::find()
        .filter(
            certificate::Column::ProductId.in_subquery(
                Query::select()
                    .column(product::Column::Id)
                    .from(product::Entity)
                    .and_where(Expr::col(product::Column::ProducerId).eq(producer_id))
                    .to_owned(),
            ),
        )
        .order_by_asc(certificate::Column::IssuedOn)
        .order_by_asc(certificate::Column::Id)
        .all(conn)
        .await
}

/// The certificates a recognition decision issued, in number order.
pub async fn of_decision<C: ConnectionTrait>(conn: &C, decision_id: Uuid) -> Result<Vec<certificate::Model>, DbErr> {
    certificate::Entity::find()
        .filter(certificate::Column::DecisionId.eq(decision_id))
        .order_by_asc(certificate::Column::Number)
        .all(conn)
        .await
}

/// True when a certificate already has this number.
pub async fn number_taken<C: ConnectionTrait>(conn: &C, number: &str) -> Result<bool, DbErr> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Number.eq(number))
        .count(conn)
        .await?
        > 0)
}

/// The highest sequence already used by numbers starting with `prefix`.
pub async fn max_sequence<C: ConnectionTrait>(conn: &C, prefix: &str) -> Result<u32, DbErr> {
    let numbers: Vec<String> = certificate::Entity::find()
        .select_only()
        .column(certificate::Column::Number)
        .filter(certificate::Column::Number.starts_with(prefix))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(numbers
        .iter()
        .filter_map(|n| n.strip_prefix(prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0))
}

/// Stores a certificate.
pub async fn insert<C: ConnectionTrait>(conn: &C, model: certificate::Model) -> Result<(), DbErr> {
    certificate::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Stores many certificates.
pub async fn insert_many<C: ConnectionTrait>(conn: &C, models: Vec<certificate::Model>) -> Result<(), DbErr> {
    super::insert_chunked(
        conn,
        models.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await
}

/// Replaces a certificate's row when its version is still `expected_version`.
pub async fn update<C: ConnectionTrait>(
    conn: &C,
    model: certificate::Model,
    expected_version: i32,
) -> Result<bool, DbErr> {
    let id = model.id;
    let mut active = model.into_active_model().reset_all();
    active.id = sea_orm::ActiveValue::Unchanged(id);
    let result = certificate::Entity::update_many()
        .set(active)
        .filter(certificate::Column::Id.eq(id))
        .filter(certificate::Column::RowVersion.eq(expected_version))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// A decision by its issuer and number.
pub async fn find_decision<C: ConnectionTrait>(
    conn: &C,
    issuer_name: &str,
    number: &str,
) -> Result<Option<decision::Model>, DbErr> {
    decision::Entity::find()
        .filter(decision::Column::IssuerName.eq(issuer_name))
        .filter(decision::Column::Number.eq(number))
        .one(conn)
        .await
}

/// Decisions by id.
pub async fn decisions<C: ConnectionTrait>(conn: &C, ids: &[Uuid]) -> Result<Vec<decision::Model>, DbErr> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut rows = Vec::with_capacity(unique.len());
    for chunk in unique.chunks(500) {
        rows.extend(
            decision::Entity::find()
                .filter(decision::Column::Id.is_in(chunk.to_vec()))
                .all(conn)
                .await?,
        );
    }
    Ok(rows)
}

/// Stores a decision.
pub async fn insert_decision<C: ConnectionTrait>(conn: &C, model: decision::Model) -> Result<(), DbErr> {
    decision::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Stores many decisions.
pub async fn insert_decisions<C: ConnectionTrait>(conn: &C, models: Vec<decision::Model>) -> Result<(), DbErr> {
    super::insert_chunked(
        conn,
        models.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await
}

/// Adds one to a code's counter for `day`; returns false when the row does
/// not exist yet (the caller then inserts it).
pub async fn bump_scan<C: ConnectionTrait>(conn: &C, code: &str, day: NaiveDate) -> Result<bool, DbErr> {
    let result = certificate_scan::Entity::update_many()
        .col_expr(
            certificate_scan::Column::Count,
            Expr::col(certificate_scan::Column::Count).add(1),
        )
        .filter(certificate_scan::Column::VerificationCode.eq(code))
        .filter(certificate_scan::Column::Day.eq(day))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Starts a code's counter for `day` at one.
pub async fn insert_scan<C: ConnectionTrait>(conn: &C, code: &str, day: NaiveDate) -> Result<(), DbErr> {
    certificate_scan::Entity::insert(
        certificate_scan::Model {
            verification_code: code.to_owned(),
            day,
            count: 1,
        }
        .into_active_model(),
    )
    .exec_without_returning(conn)
    .await
    .map(|_| ())
}

/// A code's counters, oldest day first.
pub async fn scans<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Vec<certificate_scan::Model>, DbErr> {
    certificate_scan::Entity::find()
        .filter(certificate_scan::Column::VerificationCode.eq(code))
        .order_by_asc(certificate_scan::Column::Day)
        .all(conn)
        .await
}

/// Stores a report of a suspected fake.
pub async fn insert_report<C: ConnectionTrait>(conn: &C, model: certificate_report::Model) -> Result<(), DbErr> {
    certificate_report::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Reports routed to a province, newest first.
pub async fn reports_of_province<C: ConnectionTrait>(
    conn: &C,
    province_code: &str,
) -> Result<Vec<certificate_report::Model>, DbErr> {
    certificate_report::Entity::find()
        .filter(certificate_report::Column::ProvinceCode.eq(province_code))
        .order_by_desc(certificate_report::Column::CreatedAt)
        .all(conn)
        .await
}

/// Fake reports newest first (by their last report), routed to one province or (None) all:
/// one page of `limit` rows from `offset`, with the total.
pub async fn reports<C: ConnectionTrait>(
    conn: &C,
    province_code: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<Page<certificate_report::Model>, DbErr> {
    let mut query = certificate_report::Entity::find();
    if let Some(province) = province_code {
        query = query.filter(certificate_report::Column::ProvinceCode.eq(province));
    }
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_desc(certificate_report::Column::CreatedAt)
        .order_by_desc(certificate_report::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

/// One report.
pub async fn report<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<certificate_report::Model>, DbErr> {
    certificate_report::Entity::find_by_id(id).one(conn).await
}

/// Frees the merge key of a report whose window has passed (last reported before `before`),
/// so the next report of the same code from the same client is stored as a new one.
pub async fn release_merge_key<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    certificate_report::Entity::update_many()
        .col_expr(
            certificate_report::Column::MergeKey,
            Expr::value(Option::<String>::None),
        )
        .filter(certificate_report::Column::MergeKey.eq(key))
        .filter(
            Condition::any()
                .add(certificate_report::Column::LastReportedAt.lt(before))
                .add(certificate_report::Column::LastReportedAt.is_null()),
        )
        .exec(conn)
        .await
        .map(|_| ())
}

/// Stores `report`, or, when another report holds its `merge_key`, counts one more on that
/// one (`report_count + 1`, `last_reported_at` of `report`) in the same statement
/// (`INSERT … ON CONFLICT (merge_key) DO UPDATE`): concurrent identical reports wait on the
/// unique key instead of each finding nothing and inserting. Returns the row as stored; it is
/// `report` itself when its id comes back.
pub async fn insert_or_count_report<C: ConnectionTrait>(
    conn: &C,
    report: certificate_report::Model,
) -> Result<certificate_report::Model, DbErr> {
    let key = report
        .merge_key
        .clone()
        .ok_or_else(|| DbErr::Custom("a report to merge needs its merge_key".into()))?;
    let at = report.last_reported_at;
    certificate_report::Entity::insert(report.into_active_model())
        .on_conflict(
            OnConflict::column(certificate_report::Column::MergeKey)
                .value(
                    certificate_report::Column::ReportCount,
                    Expr::col((certificate_report::Entity, certificate_report::Column::ReportCount)).add(1),
                )
                .value(certificate_report::Column::LastReportedAt, Expr::value(at))
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    certificate_report::Entity::find()
        .filter(certificate_report::Column::MergeKey.eq(key))
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("certificate_report".into()))
}

/// Counts one more report from the same client on an existing row.
pub async fn bump_report<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    certificate_report::Entity::update_many()
        .col_expr(
            certificate_report::Column::ReportCount,
            Expr::col(certificate_report::Column::ReportCount).add(1),
        )
        .col_expr(certificate_report::Column::LastReportedAt, Expr::value(at))
        .filter(certificate_report::Column::Id.eq(id))
        .exec(conn)
        .await
        .map(|_| ())
}

/// Records an officer's status for a report.
pub async fn set_report_status<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    status: &str,
    reason: &str,
    by: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    certificate_report::Entity::update_many()
        .col_expr(certificate_report::Column::Status, Expr::value(status))
        .col_expr(certificate_report::Column::StatusReason, Expr::value(reason))
        .col_expr(certificate_report::Column::StatusBy, Expr::value(by))
        .col_expr(certificate_report::Column::StatusAt, Expr::value(at))
        .filter(certificate_report::Column::Id.eq(id))
        .exec(conn)
        .await
        .map(|_| ())
}

/// Whether this client was already counted for this code on this day.
pub async fn scan_client_seen<C: ConnectionTrait>(
    conn: &C,
    code: &str,
    day: NaiveDate,
    client_hash: &str,
) -> Result<bool, DbErr> {
    Ok(
        certificate_scan_client::Entity::find_by_id((code.to_owned(), day, client_hash.to_owned()))
            .one(conn)
            .await?
            .is_some(),
    )
}

/// Counts a client for a code on a day (a unique violation: a concurrent scan counted it).
pub async fn insert_scan_client<C: ConnectionTrait>(
    conn: &C,
    code: &str,
    day: NaiveDate,
    client_hash: &str,
) -> Result<(), DbErr> {
    certificate_scan_client::Entity::insert(
        certificate_scan_client::Model {
            verification_code: code.to_owned(),
            day,
            client_hash: client_hash.to_owned(),
        }
        .into_active_model(),
    )
    .exec_without_returning(conn)
    .await
    .map(|_| ())
}

/// Distinct clients per code and day from `since` on: `(code, day, clients)` by code then day.
pub async fn scan_clients_since<C: ConnectionTrait>(
    conn: &C,
    since: NaiveDate,
) -> Result<Vec<(String, NaiveDate, i64)>, DbErr> {
    certificate_scan_client::Entity::find()
        .select_only()
        .column(certificate_scan_client::Column::VerificationCode)
        .column(certificate_scan_client::Column::Day)
        .column_as(certificate_scan_client::Column::ClientHash.count(), "clients")
        .filter(certificate_scan_client::Column::Day.gte(since))
        .group_by(certificate_scan_client::Column::VerificationCode)
        .group_by(certificate_scan_client::Column::Day)
        .order_by_asc(certificate_scan_client::Column::VerificationCode)
        .order_by_asc(certificate_scan_client::Column::Day)
        .into_tuple()
        .all(conn)
        .await
}

/// Every code's counters from `since` on, by code then day.
pub async fn scans_since<C: ConnectionTrait>(
    conn: &C,
    since: NaiveDate,
) -> Result<Vec<certificate_scan::Model>, DbErr> {
    certificate_scan::Entity::find()
        .filter(certificate_scan::Column::Day.gte(since))
        .order_by_asc(certificate_scan::Column::VerificationCode)
        .order_by_asc(certificate_scan::Column::Day)
        .all(conn)
        .await
}

/// Certificates carrying any of these verification codes.
pub async fn by_codes<C: ConnectionTrait>(conn: &C, codes: &[String]) -> Result<Vec<certificate::Model>, DbErr> {
    let mut out = Vec::new();
    for chunk in codes.chunks(500) {
        out.extend(
            certificate::Entity::find()
                .filter(certificate::Column::VerificationCode.is_in(chunk.iter().cloned()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}
