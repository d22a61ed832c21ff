//! Dossiers, their history, evidence and the producer's evidence vault.

use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::admin_unit_repo::{unit_in_current_commune, unit_in_current_province};
use super::{Page, page_total};
use crate::entities::{dossier, dossier_event, dossier_evidence, evidence_document};

/// Filters for the dossier list.
#[derive(Debug, Clone, Default)]
pub struct DossierQuery {
    /// Only this producer's dossiers.
    pub producer_id: Option<Uuid>,
    /// Only dossiers whose commune lies today in this commune.
    pub commune_code: Option<String>,
    /// Only dossiers whose commune lies today in this province.
    pub province_code: Option<String>,
    /// Only these `state` values (empty: all).
    pub states: Vec<String>,
    /// Only dossiers whose state is at this `level` (`province`, `central`, …).
    pub level: Option<String>,
    /// Only this product.
    pub product_id: Option<Uuid>,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
}

fn condition(query: &DossierQuery) -> Condition {
    let mut condition = Condition::all();
    if let Some(producer) = query.producer_id {
        condition = condition.add(dossier::Column::ProducerId.eq(producer));
    }
    if let Some(product) = query.product_id {
        condition = condition.add(dossier::Column::ProductId.eq(product));
    }
    if let Some(commune) = &query.commune_code {
        condition = condition.add(unit_in_current_commune(dossier::Column::CommuneId, commune));
    }
    if let Some(province) = &query.province_code {
        condition = condition.add(unit_in_current_province(dossier::Column::CommuneId, province));
    }
    if let Some(level) = &query.level {
        condition = condition.add(dossier::Column::Level.eq(level.as_str()));
    }
    if !query.states.is_empty() {
        condition = condition.add(dossier::Column::State.is_in(query.states.clone()));
    }
    condition
}

/// Lists dossiers, most recently changed first.
pub async fn list<C: ConnectionTrait>(conn: &C, query: &DossierQuery) -> Result<Page<dossier::Model>, DbErr> {
    let select = dossier::Entity::find().filter(condition(query));
    let items = select
        .clone()
        .order_by_desc(dossier::Column::UpdatedAt)
        .order_by_asc(dossier::Column::Id)
        .offset(super::offset(query.offset))
        .limit(query.limit)
        .all(conn)
        .await?;
    let total = page_total(&select, conn, query.offset, query.limit, items.len()).await?;
    Ok(Page { items, total })
}

/// One dossier.
pub async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<dossier::Model>, DbErr> {
    dossier::Entity::find_by_id(id).one(conn).await
}

/// Stores a new dossier.
pub async fn insert<C: ConnectionTrait>(conn: &C, row: dossier::Model) -> Result<(), DbErr> {
    dossier::Entity::insert(row.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Replaces a dossier if it still has `expected_version`; false when someone changed it first.
pub async fn update<C: ConnectionTrait>(conn: &C, row: dossier::Model, expected_version: i32) -> Result<bool, DbErr> {
    let id = row.id;
    let mut active = row.into_active_model();
    active = active.reset_all();
    active.id = sea_orm::ActiveValue::Unchanged(id);
    let result = dossier::Entity::update_many()
        .set(active)
        .filter(dossier::Column::Id.eq(id))
        .filter(dossier::Column::RowVersion.eq(expected_version))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The dossier's history, oldest first.
pub async fn events<C: ConnectionTrait>(conn: &C, dossier_id: Uuid) -> Result<Vec<dossier_event::Model>, DbErr> {
    dossier_event::Entity::find()
        .filter(dossier_event::Column::DossierId.eq(dossier_id))
        .order_by_asc(dossier_event::Column::Seq)
        .all(conn)
        .await
}

/// The next `seq` of a dossier's history.
pub async fn next_seq<C: ConnectionTrait>(conn: &C, dossier_id: Uuid) -> Result<i32, DbErr> {
    let max: Option<Option<i32>> = dossier_event::Entity::find()
        .select_only()
        .column_as(dossier_event::Column::Seq.max(), "s")
        .filter(dossier_event::Column::DossierId.eq(dossier_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

/// Appends to a dossier's history.
pub async fn insert_event<C: ConnectionTrait>(conn: &C, row: dossier_event::Model) -> Result<(), DbErr> {
    dossier_event::Entity::insert(row.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// The evidence attached to a dossier, oldest first.
pub async fn evidence<C: ConnectionTrait>(conn: &C, dossier_id: Uuid) -> Result<Vec<dossier_evidence::Model>, DbErr> {
    dossier_evidence::Entity::find()
        .filter(dossier_evidence::Column::DossierId.eq(dossier_id))
        .order_by_asc(dossier_evidence::Column::CreatedAt)
        .order_by_asc(dossier_evidence::Column::Id)
        .all(conn)
        .await
}

/// Attaches a document.
pub async fn attach<C: ConnectionTrait>(conn: &C, row: dossier_evidence::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// Detaches an attachment; false when it was not attached to this dossier.
pub async fn detach<C: ConnectionTrait>(conn: &C, dossier_id: Uuid, attachment_id: Uuid) -> Result<bool, DbErr> {
    let result = dossier_evidence::Entity::delete_many()
        .filter(dossier_evidence::Column::Id.eq(attachment_id))
        .filter(dossier_evidence::Column::DossierId.eq(dossier_id))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// A producer's vault, newest first.
pub async fn vault<C: ConnectionTrait>(conn: &C, producer_id: Uuid) -> Result<Vec<evidence_document::Model>, DbErr> {
    evidence_document::Entity::find()
        .filter(evidence_document::Column::ProducerId.eq(producer_id))
        .order_by_desc(evidence_document::Column::CreatedAt)
        .order_by_asc(evidence_document::Column::Id)
        .all(conn)
        .await
}

/// One vault document.
pub async fn document<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<evidence_document::Model>, DbErr> {
    evidence_document::Entity::find_by_id(id).one(conn).await
}

/// Many vault documents by id.
pub async fn documents<C: ConnectionTrait>(conn: &C, ids: &[Uuid]) -> Result<Vec<evidence_document::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    evidence_document::Entity::find()
        .filter(evidence_document::Column::Id.is_in(ids.to_vec()))
        .all(conn)
        .await
}

/// Stores a vault document.
pub async fn insert_document<C: ConnectionTrait>(conn: &C, row: evidence_document::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// Stores many dossiers (demo data).
pub async fn insert_many<C: ConnectionTrait>(conn: &C, rows: Vec<dossier::Model>) -> Result<(), DbErr> {
    super::insert_chunked(
        conn,
        rows.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await
}

/// Stores many history rows (demo data).
pub async fn insert_events<C: ConnectionTrait>(conn: &C, rows: Vec<dossier_event::Model>) -> Result<(), DbErr> {
    super::insert_chunked(
        conn,
        rows.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await
}

/// Every dossier's state code and commune (as entered), for counts by stage.
pub async fn stages<C: ConnectionTrait>(conn: &C) -> Result<Vec<(String, String)>, DbErr> {
    dossier::Entity::find()
        .select_only()
        .column(dossier::Column::State)
        .column(dossier::Column::CommuneId)
        .into_tuple()
        .all(conn)
        .await
}

/// The product's dossiers still under way (not recognised nor closed without recognition).
pub async fn open_of_product<C: ConnectionTrait>(conn: &C, product_id: Uuid) -> Result<Vec<dossier::Model>, DbErr> {
    dossier::Entity::find()
        .filter(dossier::Column::ProductId.eq(product_id))
        .filter(dossier::Column::State.is_not_in(["recognised", "not_recognised"]))
        .all(conn)
        .await
}
