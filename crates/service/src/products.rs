//! Products: register, change, list, search (diacritic-insensitive), photos.

use ocop_domain::ErrorCode;
use ocop_domain::ids::ProducerId;
use ocop_domain::product::{ProductDraft, ProductInput};
use ocop_domain::role::{Actor, RecordArea, RegistryAction, may};
use ocop_domain::text::{fold, sort_key_vi};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{product, product_photo};
use ocop_storage::repo::product_repo::{self, ProductQuery};
use ocop_storage::repo::{producer_repo, product_set_repo};
use ocop_storage::{ConnectionTrait, Database, is_unique_violation};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::admin_units::{Paged, PlaceDto, place, places, require_commune};
use crate::error::{ServiceError, ServiceResult};
use crate::files::{FileStore, check_photo};
use crate::producers::{check_code, empty_place};
use crate::{audit_actor, paging, search_text};

/// A product in a list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProductSummary {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Owner.
    pub producer_id: Uuid,
    /// Owner's name.
    pub producer_name: String,
    /// Product set code.
    pub product_set_code: String,
    /// Product set name.
    pub product_set_name: String,
    /// Place of production.
    pub place: PlaceDto,
    /// GTIN.
    pub gtin: Option<String>,
}

/// A product in full.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProductDetail {
    /// The list facts.
    #[serde(flatten)]
    pub summary: ProductSummary,
    /// Description.
    pub description: Option<String>,
    /// Story.
    pub story: Option<String>,
    /// Raw-material origin.
    pub raw_material_origin: Option<String>,
    /// Photo identifiers (`GET /api/v1/photos/{id}`).
    pub photo_ids: Vec<Uuid>,
    /// Optimistic-lock version.
    pub row_version: i32,
    /// Whether this viewer may edit it.
    pub can_edit: bool,
}

/// Query of `GET /api/v1/products`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListParams {
    /// Search text over name, producer, product set and place; diacritics optional.
    pub q: Option<String>,
    /// Today's province code.
    pub province: Option<String>,
    /// Today's commune code.
    pub commune: Option<String>,
    /// Product set code (`I.4.a`, `1048-10`, …).
    pub product_set: Option<String>,
    /// Owner.
    pub producer: Option<Uuid>,
    /// Rows to skip.
    pub offset: Option<u64>,
    /// Page size (1–200, default 20).
    pub limit: Option<u64>,
}

/// An update with the version it was based on.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ProductUpdate {
    /// The new details.
    #[serde(flatten)]
    pub input: ProductInput,
    /// The `row_version` the editor saw.
    pub row_version: i32,
}

fn blank_to_none(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Lists products; public.
pub async fn list(db: &Database, params: &ProductListParams) -> ServiceResult<Paged<ProductSummary>> {
    check_code("province", params.province.as_deref(), |c| {
        c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit())
    })?;
    check_code("commune", params.commune.as_deref(), |c| {
        c.len() == 5 && c.bytes().all(|b| b.is_ascii_digit())
    })?;
    let product_set_code = blank_to_none(&params.product_set);
    if let Some(code) = &product_set_code
        && product_set_repo::get(db.conn(), code).await?.is_none()
    {
        return Err(ServiceError::field("product_set", ErrorCode::UnknownProductSet));
    }
    let query = ProductQuery {
        terms: crate::search_text::query_terms(params.q.as_deref())?,
        province_code: blank_to_none(&params.province),
        commune_code: blank_to_none(&params.commune),
        product_set_code,
        producer_id: params.producer,
        offset: params.offset.unwrap_or(0),
        limit: paging::limit(params.limit),
    };
    let page = product_repo::list(db.conn(), &query).await?;
    let items = summaries(db.conn(), page.items).await?;
    Ok(Paged {
        items,
        total: page.total,
        offset: query.offset,
        limit: query.limit,
    })
}

/// Lists products as `actor` sees the list page: a producer sees only its own products (it
/// finds everyone's in the catalogue); anyone else the public list.
pub async fn list_for(
    db: &Database,
    actor: Option<&crate::Actor>,
    params: &ProductListParams,
) -> ServiceResult<Paged<ProductSummary>> {
    match actor.and_then(crate::home::own_products) {
        Some(own) => {
            let mut params = params.clone();
            params.producer = Some(own);
            list(db, &params).await
        }
        None => list(db, params).await,
    }
}

/// Turns rows into summaries with a handful of batched queries.
pub async fn summaries<C: ConnectionTrait>(conn: &C, rows: Vec<product::Model>) -> ServiceResult<Vec<ProductSummary>> {
    let commune_ids: Vec<String> = rows.iter().map(|p| p.commune_id.clone()).collect();
    let places = places(conn, &commune_ids).await?;
    let producer_ids: Vec<Uuid> = rows.iter().map(|p| p.producer_id).collect();
    let producers: std::collections::HashMap<Uuid, String> = producer_repo::get_many(conn, &producer_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let sets: std::collections::HashMap<String, String> = product_set_repo::list(conn, None)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|p| ProductSummary {
            place: places
                .get(&p.commune_id)
                .cloned()
                .unwrap_or_else(|| empty_place(&p.commune_id)),
            producer_name: producers.get(&p.producer_id).cloned().unwrap_or_default(),
            product_set_name: sets.get(&p.product_set_code).cloned().unwrap_or_default(),
            id: p.id,
            name: p.name,
            producer_id: p.producer_id,
            product_set_code: p.product_set_code,
            gtin: p.gtin,
        })
        .collect())
}

pub(crate) fn area_of(place: &PlaceDto, producer_id: Uuid) -> RecordArea {
    RecordArea {
        commune_codes: place.today_commune_codes.clone(),
        province_codes: place.today_province_codes.clone(),
        producer_id: Some(ProducerId(producer_id)),
    }
}

/// One product; public.
pub async fn get(db: &Database, actor: Option<&Actor>, id: Uuid) -> ServiceResult<ProductDetail> {
    let conn = db.conn();
    let row = product_repo::get(conn, id).await?.ok_or(ServiceError::NotFound)?;
    let photo_ids = product_repo::photos(conn, id)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let (description, story, raw_material_origin, row_version, producer_id) = (
        row.description.clone(),
        row.story.clone(),
        row.raw_material_origin.clone(),
        row.row_version,
        row.producer_id,
    );
    let summary = summaries(conn, vec![row]).await?.pop().ok_or(ServiceError::NotFound)?;
    let can_edit = actor.is_some_and(|a| may(a, RegistryAction::EditProduct, &area_of(&summary.place, producer_id)));
    Ok(ProductDetail {
        summary,
        description,
        story,
        raw_material_origin,
        photo_ids,
        row_version,
        can_edit,
    })
}

/// Builds the stored row of a checked product.
pub fn product_row(
    id: Uuid,
    draft: &ProductDraft,
    producer_name: &str,
    product_set_name: &str,
    place: &PlaceDto,
    row_version: i32,
    created_at: chrono::DateTime<chrono::Utc>,
) -> product::Model {
    let gtin = draft.gtin.as_ref().map(|g| g.as_str().to_owned());
    product::Model {
        id,
        producer_id: draft.producer_id.0,
        name: draft.name.clone(),
        name_folded: fold(&draft.name),
        sort_key: sort_key_vi(&draft.name),
        product_set_code: draft.product_set_code.clone(),
        commune_id: draft.commune_id.to_string(),
        description: draft.description.clone(),
        story: draft.story.clone(),
        raw_material_origin: draft.raw_material_origin.clone(),
        search_folded: search_text::product_search_text(
            &draft.name,
            producer_name,
            product_set_name,
            gtin.as_deref(),
            place,
        ),
        gtin,
        created_at,
        updated_at: ocop_storage::now(),
        row_version,
    }
}

/// The audit snapshot of a product. Made from the stored row, it is also what `ocop audit verify --state` recomputes
/// (`audit_state`): a column missing here is a column whose tampering goes unseen.
pub fn snapshot(m: &product::Model) -> serde_json::Value {
    serde_json::json!({
        "id": m.id, "producer_id": m.producer_id, "name": m.name, "product_set_code": m.product_set_code,
        "commune_id": m.commune_id, "description": m.description, "story": m.story,
        "raw_material_origin": m.raw_material_origin, "gtin": m.gtin, "row_version": m.row_version,
    })
}

/// Loads and checks what a product refers to; returns (producer name, set name, place).
async fn references<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    draft: &ProductDraft,
) -> ServiceResult<(String, String, PlaceDto)> {
    let producer = producer_repo::get(conn, draft.producer_id.0)
        .await?
        .ok_or_else(|| ServiceError::field("producer_id", ErrorCode::UnknownProducer))?;
    let set = product_set_repo::get(conn, &draft.product_set_code)
        .await?
        .ok_or_else(|| ServiceError::field("product_set_code", ErrorCode::UnknownProductSet))?;
    require_commune(conn, &draft.commune_id).await?;
    let place = place(conn, draft.commune_id.as_str()).await?;
    if !may(actor, RegistryAction::EditProduct, &area_of(&place, producer.id)) {
        return Err(ServiceError::Forbidden);
    }
    // A product is given only to a producer inside the caller's own area: a commune officer's
    // producers lie in its commune, a province officer's in its province.
    let producer_place = crate::admin_units::place(conn, &producer.commune_id).await?;
    if !may(
        actor,
        RegistryAction::EditProduct,
        &area_of(&producer_place, producer.id),
    ) {
        return Err(ServiceError::field("producer_id", ErrorCode::ProducerOutsideUnit));
    }
    if let Some(gtin) = &draft.gtin
        && product_repo::find_by_gtin(conn, gtin.as_str()).await?.is_some()
    {
        return Err(ServiceError::field("gtin", ErrorCode::Conflict));
    }
    Ok((producer.name, set.name, place))
}

pub(crate) fn map_unique(err: ocop_storage::DbErr) -> ServiceError {
    if is_unique_violation(&err) {
        ServiceError::field("gtin", ErrorCode::Conflict)
    } else {
        err.into()
    }
}

/// Registers a product.
pub async fn create(db: &Database, actor: &Actor, input: &ProductInput) -> ServiceResult<ProductDetail> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let (producer_name, set_name, place) = references(&tx, actor, &draft).await?;
    let row = product_row(
        Uuid::now_v7(),
        &draft,
        &producer_name,
        &set_name,
        &place,
        1,
        ocop_storage::now(),
    );
    product_repo::insert(&tx, row.clone()).await.map_err(map_unique)?;
    audit::append_with_state(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "product.create",
            entity_type: "product",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(snapshot(&row)),
        },
        &snapshot(&row),
    )
    .await?;
    tx.commit().await?;
    get(db, Some(actor), row.id).await
}

/// Changes a product; refuses when someone else changed it first, and refuses a change of the
/// certified facts (name, product set, producer, place) while the product holds a certificate in
/// force — those change only by an officer's recorded amendment (`amendments::amend`).
pub async fn update(db: &Database, actor: &Actor, id: Uuid, update: &ProductUpdate) -> ServiceResult<ProductDetail> {
    let draft = update.input.parse()?;
    let tx = db.begin_write().await?;
    let before = product_repo::get(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let old_place = place(&tx, &before.commune_id).await?;
    if !may(
        actor,
        RegistryAction::EditProduct,
        &area_of(&old_place, before.producer_id),
    ) {
        return Err(ServiceError::Forbidden);
    }
    if certified_facts_change(&before, &draft) && holds_certificate_in_force(&tx, id).await? {
        return Err(ServiceError::Conflict(ErrorCode::CertifiedFactsFrozen));
    }
    let (producer_name, set_name, place) = references_for_update(&tx, actor, &draft, id).await?;
    let row = product_row(
        id,
        &draft,
        &producer_name,
        &set_name,
        &place,
        update.row_version + 1,
        before.created_at,
    );
    if !product_repo::update(&tx, row.clone(), update.row_version)
        .await
        .map_err(map_unique)?
    {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit::append_with_state(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "product.update",
            entity_type: "product",
            entity_id: id.to_string(),
            before: Some(snapshot(&before)),
            after: Some(snapshot(&row)),
        },
        &snapshot(&row),
    )
    .await?;
    tx.commit().await?;
    get(db, Some(actor), id).await
}

/// Whether a draft changes a product's certified facts: name, product set, producer or place.
pub(crate) fn certified_facts_change(before: &product::Model, draft: &ProductDraft) -> bool {
    before.name != draft.name
        || before.product_set_code != draft.product_set_code
        || before.producer_id != draft.producer_id.0
        || before.commune_id != draft.commune_id.as_str()
}

/// Whether the product holds a certificate in force today (valid or expiring): its certified
/// facts then change only by an officer's amendment (`amendments`).
pub(crate) async fn holds_certificate_in_force<C: ConnectionTrait>(conn: &C, product_id: Uuid) -> ServiceResult<bool> {
    let day = crate::admin_units::today();
    Ok(ocop_storage::repo::certificate_repo::of_product(conn, product_id)
        .await?
        .iter()
        .any(|c| crate::certificates::status_on(c, day).in_force()))
}

pub(crate) async fn references_for_update<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    draft: &ProductDraft,
    id: Uuid,
) -> ServiceResult<(String, String, PlaceDto)> {
    let without_gtin = ProductDraft {
        gtin: None,
        ..draft.clone()
    };
    let found = references(conn, actor, &without_gtin).await?;
    if let Some(gtin) = &draft.gtin
        && let Some(other) = product_repo::find_by_gtin(conn, gtin.as_str()).await?
        && other.id != id
    {
        return Err(ServiceError::field("gtin", ErrorCode::Conflict));
    }
    Ok(found)
}

/// Adds a photo to a product after checking its size and real type.
pub async fn add_photo(
    db: &Database,
    files: &FileStore,
    actor: &Actor,
    product_id: Uuid,
    bytes: &[u8],
) -> ServiceResult<Uuid> {
    let kind = if bytes.len() > crate::files::MAX_PHOTO_BYTES {
        check_photo(bytes)?
    } else {
        // Decoding a photo takes tens of milliseconds of CPU: not on the async workers.
        let owned = bytes.to_vec();
        tokio::task::spawn_blocking(move || check_photo(&owned))
            .await
            .map_err(|e| ServiceError::Internal(format!("photo check: {e}")))??
    };
    let product = product_repo::get(db.conn(), product_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let place = place(db.conn(), &product.commune_id).await?;
    if !may(
        actor,
        RegistryAction::EditProduct,
        &area_of(&place, product.producer_id),
    ) {
        return Err(ServiceError::Forbidden);
    }
    // The file is written first under its content hash; a crash before the
    // commit leaves at most an unreferenced file, never a row without a file.
    let key = files.put(bytes).await?;
    let tx = db.begin_write().await?;
    let row = product_photo::Model {
        id: Uuid::now_v7(),
        product_id,
        file_key: key.clone(),
        content_type: kind.mime().to_owned(),
        byte_size: bytes.len() as i64,
        sha256: key,
        created_at: ocop_storage::now(),
    };
    product_repo::insert_photo(&tx, row.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "product.photo.add",
            entity_type: "product",
            entity_id: product_id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "photo_id": row.id, "sha256": row.sha256, "bytes": row.byte_size })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A photo's bytes and type; public, like the product.
pub async fn photo(db: &Database, files: &FileStore, id: Uuid) -> ServiceResult<(Vec<u8>, String)> {
    let row = product_repo::photo(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((files.get(&row.file_key).await?, row.content_type))
}

/// A product set (bộ sản phẩm) of the classification in force.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ProductSetDto {
    /// Code (`I.4.a`, `1048-10`).
    pub code: String,
    /// `qd148` (QĐ 148/2023 and 26/2026) or `qd1048` (QĐ 1048/2019, older records).
    pub classification: String,
    /// Sector.
    pub sector: String,
    /// Group.
    pub group: String,
    /// Name.
    pub name: String,
    /// Managing ministry.
    pub managing_ministry: String,
    /// Whether 5 sample units are required.
    pub sample_required: bool,
}

/// The product sets of one classification (`qd148`, `qd1048`), or of both, in the order of the
/// decision; public (the catalogue's filter and every product form show them).
pub async fn product_sets(db: &Database, classification: Option<&str>) -> ServiceResult<Vec<ProductSetDto>> {
    Ok(product_set_repo::list(db.conn(), classification)
        .await?
        .into_iter()
        .map(|s| ProductSetDto {
            code: s.code,
            classification: s.classification,
            sector: s.sector,
            group: s.group_name,
            name: s.name,
            managing_ministry: s.managing_ministry,
            sample_required: s.sample_required,
        })
        .collect())
}

/// A product as a form's choice lists it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ProductChoice {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
}

/// The products of a producer for the forms that prepare something for it (an idea about an
/// existing product, a business plan, a dossier): only to an account that may prepare for that
/// producer — the producer itself, commune and province officers of the producer's area,
/// administrators. Anyone else is refused (`forbidden`), so an officer of another area never
/// sees another area's products in a pick list; an unknown producer is not found.
pub async fn of_producer_for(db: &Database, actor: &Actor, producer_id: Uuid) -> ServiceResult<Vec<ProductChoice>> {
    use crate::dossiers::access::{Act, allows, area_of};
    let conn = db.conn();
    let producer = producer_repo::get(conn, producer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !allows(
        actor,
        Act::Prepare,
        &area_of(conn, &producer.commune_id, producer.id).await?,
    ) {
        return Err(ServiceError::Forbidden);
    }
    Ok(product_repo::of_producer(conn, producer.id)
        .await?
        .into_iter()
        .map(|p| ProductChoice { id: p.id, name: p.name })
        .collect())
}

/// A product's name, for a page that shows a record citing it (an idea, a plan); products are
/// public, so anyone may read it. `None` when there is no such product.
pub async fn name_of(db: &Database, id: Uuid) -> ServiceResult<Option<String>> {
    Ok(product_repo::get(db.conn(), id).await?.map(|p| p.name))
}

/// Whether the account registers products somewhere: those who register producers, and a
/// producer its own products.
pub fn registers_somewhere(actor: &Actor) -> bool {
    crate::producers::registers_somewhere(actor) || crate::home::own_products(actor).is_some()
}
