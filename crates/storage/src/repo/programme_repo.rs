//! Directives, programme tasks and their comments, annual plans and targets,
//! and the certificate facts their actual values are computed from.

use chrono::NaiveDate;
use ocop_domain::programme::task::TaskStatus;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::Page;
use crate::entities::{
    admin_unit_current, certificate, decision, directive, dossier, dossier_event, producer, product, programme_plan,
    programme_target, programme_task, programme_task_comment,
};

/// Inserts a directive.
pub async fn insert_directive<C: ConnectionTrait>(conn: &C, row: directive::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// A directive by id.
pub async fn get_directive<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<directive::Model>, DbErr> {
    directive::Entity::find_by_id(id).one(conn).await
}

/// Inserts a task.
pub async fn insert_task<C: ConnectionTrait>(conn: &C, row: programme_task::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// A task by id.
pub async fn get_task<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<programme_task::Model>, DbErr> {
    programme_task::Entity::find_by_id(id).one(conn).await
}

/// Writes a task if its row version is still `expected_version`.
pub async fn update_task<C: ConnectionTrait>(
    conn: &C,
    model: programme_task::Model,
    expected_version: i32,
) -> Result<bool, DbErr> {
    let id = model.id;
    let mut active = model.into_active_model().reset_all();
    active.id = sea_orm::ActiveValue::Unchanged(id);
    let result = programme_task::Entity::update_many()
        .set(active)
        .filter(programme_task::Column::Id.eq(id))
        .filter(programme_task::Column::RowVersion.eq(expected_version))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Filters for task lists.
#[derive(Debug, Clone, Default)]
pub struct TaskQuery {
    /// Tasks of units lying in this province today (2-digit code).
    pub province_code: Option<String>,
    /// Tasks of units lying in this commune today (5-digit code).
    pub commune_code: Option<String>,
    /// Tasks of exactly this unit.
    pub unit_id: Option<String>,
    /// Tasks of this directive.
    pub directive_id: Option<Uuid>,
    /// Office responsible (kind code).
    pub responsible: Option<String>,
    /// Status on `today`.
    pub status: Option<TaskStatus>,
    /// The day statuses are evaluated on.
    pub today: Option<NaiveDate>,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
}

/// The SQL form of `TaskStatus::on` (kept in step by the service tests).
pub fn status_condition(status: TaskStatus, today: NaiveDate) -> Condition {
    use programme_task::Column as C;
    let done = Condition::all().add(C::DoneOn.is_not_null()).add(C::DoneOn.lte(today));
    let not_done = Condition::any().add(C::DoneOn.is_null()).add(C::DoneOn.gt(today));
    match status {
        TaskStatus::Done => done,
        TaskStatus::Late => Condition::all()
            .add(not_done)
            .add(C::DueOn.is_not_null())
            .add(C::DueOn.lt(today)),
        TaskStatus::Open => Condition::all()
            .add(not_done)
            .add(Condition::any().add(C::DueOn.is_null()).add(C::DueOn.gte(today))),
    }
}

/// The units lying in a commune of today's list.
fn in_commune(commune_code: &str) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(admin_unit_current::Column::UnitId)
        .from(admin_unit_current::Entity)
        .and_where(Expr::col(admin_unit_current::Column::CurrentLevel).eq("commune"))
        .and_where(Expr::col(admin_unit_current::Column::CurrentCode).eq(commune_code))
        .to_owned()
}

fn task_condition(query: &TaskQuery) -> Condition {
    use programme_task::Column as C;
    let mut cond = Condition::all();
    if let Some(province) = &query.province_code {
        cond = cond.add(
            C::UnitId.in_subquery(
                Query::select()
                    .column(admin_unit_current::Column::UnitId)
                    .from(admin_unit_current::Entity)
                    .and_where(Expr::col(admin_unit_current::Column::CurrentProvinceCode).eq(province.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(commune) = &query.commune_code {
        cond = cond.add(C::UnitId.in_subquery(in_commune(commune)));
    }
    if let Some(unit) = &query.unit_id {
        cond = cond.add(C::UnitId.eq(unit.as_str()));
    }
    if let Some(directive) = query.directive_id {
        cond = cond.add(C::DirectiveId.eq(directive));
    }
    if let Some(office) = &query.responsible {
        cond = cond.add(C::Responsible.eq(office.as_str()));
    }
    if let (Some(status), Some(today)) = (query.status, query.today) {
        cond = cond.add(status_condition(status, today));
    }
    cond
}

/// A page of tasks, soonest deadline first (no deadline last).
pub async fn list_tasks<C: ConnectionTrait>(conn: &C, query: &TaskQuery) -> Result<Page<programme_task::Model>, DbErr> {
    let select = programme_task::Entity::find().filter(task_condition(query));
    let total = select.clone().count(conn).await?;
    let items = select
        .order_by_asc(Expr::col(programme_task::Column::DueOn).is_null())
        .order_by_asc(programme_task::Column::DueOn)
        .order_by_asc(programme_task::Column::CreatedAt)
        .order_by_asc(programme_task::Column::Id)
        .offset(super::offset(query.offset))
        .limit(query.limit)
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

/// Every task matching, without paging (digests, dashboards).
pub async fn all_tasks<C: ConnectionTrait>(conn: &C, query: &TaskQuery) -> Result<Vec<programme_task::Model>, DbErr> {
    programme_task::Entity::find()
        .filter(task_condition(query))
        .order_by_asc(programme_task::Column::DueOn)
        .order_by_asc(programme_task::Column::Id)
        .all(conn)
        .await
}

/// Inserts a comment.
pub async fn insert_comment<C: ConnectionTrait>(conn: &C, row: programme_task_comment::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// A task's comments, oldest first.
pub async fn comments_of<C: ConnectionTrait>(
    conn: &C,
    task_id: Uuid,
) -> Result<Vec<programme_task_comment::Model>, DbErr> {
    programme_task_comment::Entity::find()
        .filter(programme_task_comment::Column::TaskId.eq(task_id))
        .order_by_asc(programme_task_comment::Column::CreatedAt)
        .order_by_asc(programme_task_comment::Column::Id)
        .all(conn)
        .await
}

/// Inserts a plan.
pub async fn insert_plan<C: ConnectionTrait>(conn: &C, row: programme_plan::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// A plan by id.
pub async fn get_plan<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<programme_plan::Model>, DbErr> {
    programme_plan::Entity::find_by_id(id).one(conn).await
}

/// The plan of a unit for a year.
pub async fn find_plan<C: ConnectionTrait>(
    conn: &C,
    unit_id: &str,
    year: i32,
) -> Result<Option<programme_plan::Model>, DbErr> {
    programme_plan::Entity::find()
        .filter(programme_plan::Column::UnitId.eq(unit_id))
        .filter(programme_plan::Column::Year.eq(year))
        .one(conn)
        .await
}

/// Plans of the units lying in a province or a commune today (all plans when
/// both are `None`), newest year first.
pub async fn list_plans<C: ConnectionTrait>(
    conn: &C,
    province_code: Option<&str>,
    commune_code: Option<&str>,
) -> Result<Vec<programme_plan::Model>, DbErr> {
    let mut select = programme_plan::Entity::find();
    if let Some(commune) = commune_code {
        select = select.filter(programme_plan::Column::UnitId.in_subquery(in_commune(commune)));
    }
    if let Some(province) = province_code {
        select = select.filter(
            programme_plan::Column::UnitId.in_subquery(
                Query::select()
                    .column(admin_unit_current::Column::UnitId)
                    .from(admin_unit_current::Entity)
                    .and_where(Expr::col(admin_unit_current::Column::CurrentProvinceCode).eq(province))
                    .to_owned(),
            ),
        );
    }
    select
        .order_by_desc(programme_plan::Column::Year)
        .order_by_asc(programme_plan::Column::UnitId)
        .all(conn)
        .await
}

/// Inserts a target.
pub async fn insert_target<C: ConnectionTrait>(conn: &C, row: programme_target::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// A plan's targets in order.
pub async fn targets_of<C: ConnectionTrait>(conn: &C, plan_id: Uuid) -> Result<Vec<programme_target::Model>, DbErr> {
    programme_target::Entity::find()
        .filter(programme_target::Column::PlanId.eq(plan_id))
        .order_by_asc(programme_target::Column::Position)
        .all(conn)
        .await
}

/// A target by id.
pub async fn get_target<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<programme_target::Model>, DbErr> {
    programme_target::Entity::find_by_id(id).one(conn).await
}

/// Writes a target.
pub async fn update_target<C: ConnectionTrait>(conn: &C, row: programme_target::Model) -> Result<(), DbErr> {
    let mut active = row.into_active_model().reset_all();
    active.id = sea_orm::ActiveValue::Unchanged(active.id.take().expect("id set"));
    active.update(conn).await.map(|_| ())
}

/// What the actuals need of one certificate.
#[derive(Debug, Clone)]
pub struct CertificateFact {
    /// The certificate.
    pub id: Uuid,
    /// Its product.
    pub product_id: Uuid,
    /// Its producer.
    pub producer_id: Uuid,
    /// The commune the product was recorded in (old or new list).
    pub commune_id: String,
    /// Stars.
    pub stars: i32,
    /// Day of issue.
    pub issued_on: NaiveDate,
    /// Day revoked, if it was.
    pub revoked_on: Option<NaiveDate>,
    /// The level of the decision (`district`, `province`, `ministry`).
    pub issuer_level: String,
    /// The whole certificate (for its status on a day).
    pub certificate: certificate::Model,
    /// The product's name.
    pub product_name: String,
    /// The product's set code.
    pub product_set_code: String,
    /// The producer's name.
    pub producer_name: String,
    /// The producer's legal form code.
    pub legal_form: String,
}

/// Every certificate issued up to `until` of the products recorded in one of
/// `communes` (every product when `None`), with its product's commune and its
/// decision's level: the facts plan actuals and dashboards are computed from.
/// Only the columns the facts need are read, and only the producers and decisions
/// they name.
pub async fn certificate_facts<C: ConnectionTrait>(
    conn: &C,
    until: NaiveDate,
    communes: Option<&std::collections::HashSet<String>>,
) -> Result<Vec<CertificateFact>, DbErr> {
    use std::collections::HashMap;
    type ProductColumns = (Uuid, String, String, String);
    let product_query = || {
        product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .column(product::Column::Name)
            .column(product::Column::ProductSetCode)
            .column(product::Column::CommuneId)
    };
    let mut products: HashMap<Uuid, (String, String, String)> = HashMap::new();
    let mut certificates: Vec<certificate::Model> = Vec::new();
    match communes {
        None => {
            for (id, name, set, commune) in product_query().into_tuple::<ProductColumns>().all(conn).await? {
                products.insert(id, (name, set, commune));
            }
            certificates = certificate::Entity::find()
                .filter(certificate::Column::IssuedOn.lte(until))
                .all(conn)
                .await?;
        }
        Some(communes) => {
            let communes: Vec<String> = communes.iter().cloned().collect();
            for chunk in communes.chunks(500) {
                let rows = product_query()
                    .filter(product::Column::CommuneId.is_in(chunk.to_vec()))
                    .into_tuple::<ProductColumns>()
                    .all(conn)
                    .await?;
                for (id, name, set, commune) in rows {
                    products.insert(id, (name, set, commune));
                }
            }
            let ids: Vec<Uuid> = products.keys().copied().collect();
            for chunk in ids.chunks(500) {
                certificates.extend(
                    certificate::Entity::find()
                        .filter(certificate::Column::IssuedOn.lte(until))
                        .filter(certificate::Column::ProductId.is_in(chunk.to_vec()))
                        .all(conn)
                        .await?,
                );
            }
        }
    }
    let decision_ids: Vec<Uuid> = certificates
        .iter()
        .map(|c| c.decision_id)
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    let mut decisions: HashMap<Uuid, String> = HashMap::new();
    for chunk in decision_ids.chunks(500) {
        let rows = decision::Entity::find()
            .select_only()
            .column(decision::Column::Id)
            .column(decision::Column::IssuerLevel)
            .filter(decision::Column::Id.is_in(chunk.to_vec()))
            .into_tuple::<(Uuid, String)>()
            .all(conn)
            .await?;
        decisions.extend(rows);
    }
    let producer_ids: Vec<Uuid> = certificates
        .iter()
        .map(|c| c.producer_id)
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    let mut producers: HashMap<Uuid, (String, String)> = HashMap::new();
    for chunk in producer_ids.chunks(500) {
        let rows = producer::Entity::find()
            .select_only()
            .column(producer::Column::Id)
            .column(producer::Column::Name)
            .column(producer::Column::LegalForm)
            .filter(producer::Column::Id.is_in(chunk.to_vec()))
            .into_tuple::<(Uuid, String, String)>()
            .all(conn)
            .await?;
        producers.extend(rows.into_iter().map(|(id, name, form)| (id, (name, form))));
    }
    let mut facts: Vec<CertificateFact> = certificates
        .into_iter()
        .filter_map(|c| {
            let (product_name, product_set_code, commune_id) = products.get(&c.product_id)?.clone();
            let (producer_name, legal_form) = producers.get(&c.producer_id).cloned().unwrap_or_default();
            Some(CertificateFact {
                producer_name,
                legal_form,
                product_name,
                product_set_code,
                id: c.id,
                product_id: c.product_id,
                producer_id: c.producer_id,
                commune_id,
                stars: c.stars,
                issued_on: c.issued_on,
                revoked_on: c.revoked_on,
                issuer_level: decisions.get(&c.decision_id).cloned().unwrap_or_default(),
                certificate: c,
            })
        })
        .collect();
    // One order whatever the engine and the chunks: by day of issue, then id.
    facts.sort_by(|a, b| a.issued_on.cmp(&b.issued_on).then(a.id.cmp(&b.id)));
    Ok(facts)
}

/// The units whose parent is `parent_id` at a level (a province's communes on today's list).
pub async fn children_of<C: ConnectionTrait>(
    conn: &C,
    parent_id: &str,
    level: &str,
) -> Result<Vec<crate::entities::admin_unit::Model>, DbErr> {
    use crate::entities::admin_unit;
    admin_unit::Entity::find()
        .filter(admin_unit::Column::ParentId.eq(parent_id))
        .filter(admin_unit::Column::Level.eq(level))
        .order_by_asc(admin_unit::Column::Id)
        .all(conn)
        .await
}

/// A dossier forwarded to the central level.
#[derive(Debug, Clone)]
pub struct ProposalFact {
    /// The dossier.
    pub dossier_id: Uuid,
    /// Its product.
    pub product_id: Uuid,
    /// The commune the dossier was recorded in.
    pub commune_id: String,
    /// When it was forwarded.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Every forward of a dossier to the central level up to `until`, from the
/// dossiers' event log, where states are stored as JSON: a forward goes from
/// `{"state":"scored",…}` to `{"state":"proposed","level":"central"}` (before
/// m0013_central_level: to `{"state":"proposed_to_central",…}`). Matched with
/// `LIKE`, whose `_` wildcards also match the underscores themselves; a return
/// and resubmission at the central level (`returned` → `proposed`) is no forward.
pub async fn proposals_until<C: ConnectionTrait>(
    conn: &C,
    until: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<ProposalFact>, DbErr> {
    let events: Vec<(Uuid, chrono::DateTime<chrono::Utc>)> = dossier_event::Entity::find()
        .select_only()
        .column(dossier_event::Column::DossierId)
        .column(dossier_event::Column::At)
        .filter(
            Condition::any()
                .add(dossier_event::Column::ToState.like("%\"state\":\"proposed_to_central\"%"))
                .add(
                    Condition::all()
                        .add(dossier_event::Column::FromState.like("%\"state\":\"scored\"%"))
                        .add(dossier_event::Column::ToState.like("%\"state\":\"proposed\"%"))
                        .add(dossier_event::Column::ToState.like("%\"level\":\"central\"%")),
                ),
        )
        .filter(dossier_event::Column::At.lte(until))
        .into_tuple()
        .all(conn)
        .await?;
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<Uuid> = events.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut dossiers = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        for row in dossier::Entity::find()
            .select_only()
            .column(dossier::Column::Id)
            .column(dossier::Column::ProductId)
            .column(dossier::Column::CommuneId)
            .filter(dossier::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple::<(Uuid, Uuid, String)>()
            .all(conn)
            .await?
        {
            dossiers.insert(row.0, (row.1, row.2));
        }
    }
    Ok(events
        .into_iter()
        .filter_map(|(dossier_id, at)| {
            let (product_id, commune_id) = dossiers.get(&dossier_id)?.clone();
            Some(ProposalFact {
                dossier_id,
                product_id,
                commune_id,
                at,
            })
        })
        .collect())
}
