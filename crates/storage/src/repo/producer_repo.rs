//! Producers and their certifications.

use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::admin_unit_repo::{folded_like, unit_in_current_commune, unit_in_current_province};
use super::{Page, page_total};
use crate::entities::{producer, producer_certification};

/// Filters for the producer list.
#[derive(Debug, Clone, Default)]
pub struct ProducerQuery {
    /// Folded search terms over the name, tax code and registration number.
    pub terms: Vec<String>,
    /// Today's province code.
    pub province_code: Option<String>,
    /// Today's commune code.
    pub commune_code: Option<String>,
    /// Legal form.
    pub legal_form: Option<String>,
    /// Only this producer (a producer account sees itself).
    pub only_id: Option<Uuid>,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
}

fn condition(query: &ProducerQuery) -> Condition {
    let mut condition = Condition::all().add(query.terms.iter().fold(Condition::all(), |all, term| {
        all.add(
            Condition::any()
                .add(folded_like(producer::Column::NameFolded, std::slice::from_ref(term)))
                .add(producer::Column::TaxCode.starts_with(term.to_uppercase()))
                .add(producer::Column::RegistrationNumber.starts_with(term.to_uppercase())),
        )
    }));
    if let Some(province) = &query.province_code {
        condition = condition.add(unit_in_current_province(producer::Column::CommuneId, province));
    }
    if let Some(commune) = &query.commune_code {
        condition = condition.add(unit_in_current_commune(producer::Column::CommuneId, commune));
    }
    if let Some(form) = &query.legal_form {
        condition = condition.add(producer::Column::LegalForm.eq(form.clone()));
    }
    if let Some(id) = query.only_id {
        condition = condition.add(producer::Column::Id.eq(id));
    }
    condition
}

/// Lists producers in Vietnamese name order.
pub async fn list<C: ConnectionTrait>(conn: &C, query: &ProducerQuery) -> Result<Page<producer::Model>, DbErr> {
    let select = producer::Entity::find().filter(condition(query));
    let items = select
        .clone()
        .order_by_asc(producer::Column::SortKey)
        .order_by_asc(producer::Column::Id)
        .offset(super::offset(query.offset))
        .limit(query.limit)
        .all(conn)
        .await?;
    let total = page_total(&select, conn, query.offset, query.limit, items.len()).await?;
    Ok(Page { items, total })
}

/// One producer.
pub async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<producer::Model>, DbErr> {
    producer::Entity::find_by_id(id).one(conn).await
}

/// Several producers by id.
pub async fn get_many<C: ConnectionTrait>(conn: &C, ids: &[Uuid]) -> Result<Vec<producer::Model>, DbErr> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        found.extend(
            producer::Entity::find()
                .filter(producer::Column::Id.is_in(chunk.to_vec()))
                .all(conn)
                .await?,
        );
    }
    Ok(found)
}

/// Stores a new producer.
pub async fn insert<C: ConnectionTrait>(conn: &C, model: producer::Model) -> Result<(), DbErr> {
    producer::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Stores many new producers (demo data, imports).
pub async fn insert_many<C: ConnectionTrait>(conn: &C, models: Vec<producer::Model>) -> Result<(), DbErr> {
    super::insert_chunked(
        conn,
        models.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await
}

/// Replaces a producer's details when its row version is still `expected_version`.
/// Returns false when someone else changed it meanwhile.
pub async fn update<C: ConnectionTrait>(
    conn: &C,
    model: producer::Model,
    expected_version: i32,
) -> Result<bool, DbErr> {
    let id = model.id;
    let mut active = model.into_active_model().reset_all();
    active.id = sea_orm::ActiveValue::Unchanged(id);
    let result = producer::Entity::update_many()
        .set(active)
        .filter(producer::Column::Id.eq(id))
        .filter(producer::Column::RowVersion.eq(expected_version))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The producer holding a tax code or registration number, if any.
pub async fn find_by_registration<C: ConnectionTrait>(
    conn: &C,
    tax_code: Option<&str>,
    registration_number: Option<&str>,
) -> Result<Option<producer::Model>, DbErr> {
    let mut any = Condition::any();
    if let Some(tax) = tax_code {
        any = any.add(producer::Column::TaxCode.eq(tax));
    }
    if let Some(number) = registration_number {
        any = any.add(producer::Column::RegistrationNumber.eq(number));
    }
    if tax_code.is_none() && registration_number.is_none() {
        return Ok(None);
    }
    producer::Entity::find().filter(any).one(conn).await
}

/// A producer's certifications, the latest expiry first.
pub async fn certifications<C: ConnectionTrait>(
    conn: &C,
    producer_id: Uuid,
) -> Result<Vec<producer_certification::Model>, DbErr> {
    producer_certification::Entity::find()
        .filter(producer_certification::Column::ProducerId.eq(producer_id))
        .order_by_desc(producer_certification::Column::ExpiresOn)
        .order_by_asc(producer_certification::Column::Kind)
        .all(conn)
        .await
}

/// Stores a certification.
pub async fn insert_certification<C: ConnectionTrait>(
    conn: &C,
    model: producer_certification::Model,
) -> Result<(), DbErr> {
    producer_certification::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Stores many certifications.
pub async fn insert_certifications<C: ConnectionTrait>(
    conn: &C,
    models: Vec<producer_certification::Model>,
) -> Result<(), DbErr> {
    super::insert_chunked(
        conn,
        models.into_iter().map(IntoActiveModel::into_active_model).collect(),
        300,
    )
    .await
}

/// Removes a certification of a producer; false when there was none.
pub async fn delete_certification<C: ConnectionTrait>(conn: &C, producer_id: Uuid, id: Uuid) -> Result<bool, DbErr> {
    let model = producer_certification::Entity::find_by_id(id).one(conn).await?;
    match model {
        Some(model) if model.producer_id == producer_id => {
            model.into_active_model().delete(conn).await?;
            Ok(true)
        }
        _ => Ok(false),
    }
}
