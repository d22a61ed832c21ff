//! Producers (chủ thể): register, change, list, search, certifications.

use chrono::NaiveDate;
use ocop_domain::ErrorCode;
use ocop_domain::ids::ProducerId;
use ocop_domain::producer::{CertificationInput, EnterpriseKind, LegalForm, ProducerDraft, ProducerInput};
use ocop_domain::role::{Actor, RecordArea, RegistryAction, Role, Scope, may};
use ocop_domain::text::{fold, sort_key_vi};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{producer, producer_certification};
use ocop_storage::repo::producer_repo::{self, ProducerQuery};
use ocop_storage::repo::{product_repo, product_set_repo};
use ocop_storage::{ConnectionTrait, Database, is_unique_violation};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::admin_units::{Paged, PlaceDto, place, places, require_commune};
use crate::error::{ServiceError, ServiceResult};
use crate::{audit_actor, paging, search_text};

/// A producer in a list: public facts only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProducerSummary {
    /// Identifier.
    pub id: Uuid,
    /// Registered name.
    pub name: String,
    /// Legal form code.
    pub legal_form: String,
    /// Where it is.
    pub place: PlaceDto,
}

/// A certification a producer holds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CertificationDto {
    /// Identifier.
    pub id: Uuid,
    /// Kind code (`vietgap`, `haccp`, `iso22000`, `organic`, …).
    pub kind: String,
    /// Free label.
    pub label: Option<String>,
    /// Number.
    pub number: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Issue date.
    pub issued_on: Option<NaiveDate>,
    /// Expiry date.
    pub expires_on: Option<NaiveDate>,
    /// True when expired today.
    pub expired: bool,
    /// True when it expires within 90 days.
    pub expiring_soon: bool,
}

/// A producer in full. Contacts and registration numbers are present only
/// for accounts allowed to see them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProducerDetail {
    /// Identifier.
    pub id: Uuid,
    /// Registered name.
    pub name: String,
    /// Legal form code.
    pub legal_form: String,
    /// Enterprise sub-type code.
    pub enterprise_kind: Option<String>,
    /// Where it is.
    pub place: PlaceDto,
    /// Address line (street, village).
    pub address_line: Option<String>,
    /// Legal representative.
    pub representative: String,
    /// Whether the private fields below are filled in for this viewer.
    pub private_visible: bool,
    /// Tax code.
    pub tax_code: Option<String>,
    /// Registration number.
    pub registration_number: Option<String>,
    /// Representative's title.
    pub representative_title: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Certifications held.
    pub certifications: Vec<CertificationDto>,
    /// Number of products.
    pub product_count: usize,
    /// Optimistic-lock version to send back with an update.
    pub row_version: i32,
    /// Whether this viewer may edit it.
    pub can_edit: bool,
}

/// Query of `GET /api/v1/producers`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProducerListParams {
    /// Search text (name, tax code, registration number), diacritics optional.
    pub q: Option<String>,
    /// Today's province code (2 digits).
    pub province: Option<String>,
    /// Today's commune code (5 digits).
    pub commune: Option<String>,
    /// Legal form code.
    pub legal_form: Option<String>,
    /// Rows to skip.
    pub offset: Option<u64>,
    /// Page size (1–200, default 20).
    pub limit: Option<u64>,
}

/// An update: the new details and the version they were based on.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ProducerUpdate {
    /// The new details.
    #[serde(flatten)]
    pub input: ProducerInput,
    /// The `row_version` the editor saw.
    pub row_version: i32,
}

fn area_of(place: &PlaceDto, producer_id: Option<Uuid>) -> RecordArea {
    RecordArea {
        commune_codes: place.today_commune_codes.clone(),
        province_codes: place.today_province_codes.clone(),
        producer_id: producer_id.map(ProducerId),
    }
}

pub(crate) fn check_code(field: &str, value: Option<&str>, valid: fn(&str) -> bool) -> ServiceResult<()> {
    match value {
        Some(v) if !v.trim().is_empty() && !valid(v.trim()) => {
            Err(ServiceError::field(field, ErrorCode::InvalidChoice))
        }
        _ => Ok(()),
    }
}

fn is_province_code(code: &str) -> bool {
    code.len() == 2 && code.chars().all(|c| c.is_ascii_digit())
}

fn is_commune_code(code: &str) -> bool {
    code.len() == 5 && code.chars().all(|c| c.is_ascii_digit())
}

fn blank_to_none(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Lists producers; public (public facts only).
pub async fn list(db: &Database, params: &ProducerListParams) -> ServiceResult<Paged<ProducerSummary>> {
    check_code("province", params.province.as_deref(), is_province_code)?;
    check_code("commune", params.commune.as_deref(), is_commune_code)?;
    let legal_form = blank_to_none(&params.legal_form);
    if let Some(form) = &legal_form {
        LegalForm::parse(form).map_err(|code| ServiceError::field("legal_form", code))?;
    }
    let query = ProducerQuery {
        terms: crate::search_text::query_terms(params.q.as_deref())?,
        province_code: blank_to_none(&params.province),
        commune_code: blank_to_none(&params.commune),
        legal_form,
        only_id: None,
        offset: params.offset.unwrap_or(0),
        limit: paging::limit(params.limit),
    };
    let page = producer_repo::list(db.conn(), &query).await?;
    let ids: Vec<String> = page.items.iter().map(|p| p.commune_id.clone()).collect();
    let places = places(db.conn(), &ids).await?;
    let items = page
        .items
        .into_iter()
        .map(|p| ProducerSummary {
            place: places
                .get(&p.commune_id)
                .cloned()
                .unwrap_or_else(|| empty_place(&p.commune_id)),
            id: p.id,
            name: p.name,
            legal_form: p.legal_form,
        })
        .collect();
    Ok(Paged {
        items,
        total: page.total,
        offset: query.offset,
        limit: query.limit,
    })
}

pub(crate) fn empty_place(commune_id: &str) -> PlaceDto {
    PlaceDto {
        commune_id: commune_id.to_owned(),
        commune_name: String::new(),
        district_name: None,
        province_name: String::new(),
        today_commune_names: Vec::new(),
        today_province_names: Vec::new(),
        today_province_codes: Vec::new(),
        today_commune_codes: Vec::new(),
    }
}

/// One producer; private details only for those allowed.
pub async fn get(db: &Database, actor: Option<&Actor>, id: Uuid) -> ServiceResult<ProducerDetail> {
    let conn = db.conn();
    let model = producer_repo::get(conn, id).await?.ok_or(ServiceError::NotFound)?;
    let place = place(conn, &model.commune_id).await?;
    let area = area_of(&place, Some(model.id));
    let private_visible = actor.is_some_and(|a| may(a, RegistryAction::ViewPrivateDetails, &area));
    let can_edit = actor.is_some_and(|a| may(a, RegistryAction::EditProducer, &area));
    let certifications = if private_visible {
        producer_repo::certifications(conn, id)
            .await?
            .into_iter()
            .map(certification_dto)
            .collect()
    } else {
        Vec::new()
    };
    let product_count = product_repo::count_of_producer(conn, id).await? as usize;
    Ok(detail(
        model,
        place,
        private_visible,
        can_edit,
        certifications,
        product_count,
    ))
}

fn detail(
    m: producer::Model,
    place: PlaceDto,
    private_visible: bool,
    can_edit: bool,
    certifications: Vec<CertificationDto>,
    product_count: usize,
) -> ProducerDetail {
    let private = |v: Option<String>| if private_visible { v } else { None };
    ProducerDetail {
        id: m.id,
        name: m.name,
        legal_form: m.legal_form,
        enterprise_kind: m.enterprise_kind,
        place,
        address_line: m.address_line,
        representative: m.representative,
        private_visible,
        tax_code: private(m.tax_code),
        registration_number: private(m.registration_number),
        representative_title: private(m.representative_title),
        phone: private(m.phone),
        email: private(m.email),
        website: m.website,
        certifications,
        product_count,
        row_version: m.row_version,
        can_edit,
    }
}

fn certification_dto(c: producer_certification::Model) -> CertificationDto {
    let today = crate::admin_units::today();
    let expired = c.expires_on.is_some_and(|e| e < today);
    let expiring_soon = !expired && c.expires_on.is_some_and(|e| e <= today + chrono::Duration::days(90));
    CertificationDto {
        id: c.id,
        kind: c.kind,
        label: c.label,
        number: c.number,
        issuer: c.issuer,
        issued_on: c.issued_on,
        expires_on: c.expires_on,
        expired,
        expiring_soon,
    }
}

/// Builds the stored row of a checked producer.
pub fn producer_row(
    id: Uuid,
    draft: &ProducerDraft,
    row_version: i32,
    created_at: chrono::DateTime<chrono::Utc>,
) -> producer::Model {
    let now = ocop_storage::now();
    producer::Model {
        id,
        name: draft.name.clone(),
        name_folded: fold(&draft.name),
        sort_key: sort_key_vi(&draft.name),
        legal_form: draft.legal_form.as_str().to_owned(),
        enterprise_kind: draft.enterprise_kind.map(|k: EnterpriseKind| k.as_str().to_owned()),
        tax_code: draft.tax_code.as_ref().map(|t| t.as_str().to_owned()),
        registration_number: draft.registration_number.as_ref().map(|r| r.as_str().to_owned()),
        representative: draft.representative.clone(),
        representative_title: draft.representative_title.clone(),
        commune_id: draft.commune_id.to_string(),
        address_line: draft.address_line.clone(),
        phone: draft.phone.as_ref().map(|p| p.as_str().to_owned()),
        email: draft.email.as_ref().map(|e| e.as_str().to_owned()),
        website: draft.website.clone(),
        created_at,
        updated_at: now,
        row_version,
    }
}

/// A JSON snapshot of a producer for the audit trail. Made from the stored row, it is also what `ocop audit verify --state` recomputes
/// (`audit_state`): a column missing here is a column whose tampering goes unseen.
pub fn snapshot(m: &producer::Model) -> serde_json::Value {
    serde_json::json!({
        "id": m.id, "name": m.name, "legal_form": m.legal_form, "enterprise_kind": m.enterprise_kind,
        "tax_code": m.tax_code, "registration_number": m.registration_number, "representative": m.representative,
        "representative_title": m.representative_title, "commune_id": m.commune_id, "address_line": m.address_line,
        "phone": m.phone, "email": m.email, "website": m.website, "row_version": m.row_version,
    })
}

async fn ensure_unique<C: ConnectionTrait>(conn: &C, draft: &ProducerDraft, except: Option<Uuid>) -> ServiceResult<()> {
    let tax = draft.tax_code.as_ref().map(|t| t.as_str().to_owned());
    let registration = draft.registration_number.as_ref().map(|r| r.as_str().to_owned());
    if let Some(other) = producer_repo::find_by_registration(conn, tax.as_deref(), registration.as_deref()).await?
        && Some(other.id) != except
    {
        let field = if tax.is_some() && other.tax_code == tax {
            "tax_code"
        } else {
            "registration_number"
        };
        return Err(ServiceError::field(field, ErrorCode::DuplicateRegistration));
    }
    Ok(())
}

fn map_unique(err: ocop_storage::DbErr) -> ServiceError {
    if is_unique_violation(&err) {
        ServiceError::field("tax_code", ErrorCode::DuplicateRegistration)
    } else {
        err.into()
    }
}

/// Registers a producer.
pub async fn create(db: &Database, actor: &Actor, input: &ProducerInput) -> ServiceResult<ProducerDetail> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    require_commune(&tx, &draft.commune_id).await?;
    let place = place(&tx, draft.commune_id.as_str()).await?;
    if !may(actor, RegistryAction::CreateProducer, &area_of(&place, None)) {
        return Err(ServiceError::Forbidden);
    }
    ensure_unique(&tx, &draft, None).await?;
    let row = producer_row(Uuid::now_v7(), &draft, 1, ocop_storage::now());
    producer_repo::insert(&tx, row.clone()).await.map_err(map_unique)?;
    audit::append_with_state(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "producer.create",
            entity_type: "producer",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(snapshot(&row)),
        },
        &snapshot(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(detail(row, place, true, true, Vec::new(), 0))
}

/// Changes a producer's details; refuses when someone else changed it first.
pub async fn update(db: &Database, actor: &Actor, id: Uuid, update: &ProducerUpdate) -> ServiceResult<ProducerDetail> {
    let draft = update.input.parse()?;
    let tx = db.begin_write().await?;
    let before = producer_repo::get(&tx, id).await?.ok_or(ServiceError::NotFound)?;
    let old_place = place(&tx, &before.commune_id).await?;
    if !may(actor, RegistryAction::EditProducer, &area_of(&old_place, Some(id))) {
        return Err(ServiceError::Forbidden);
    }
    require_commune(&tx, &draft.commune_id).await?;
    let place = place(&tx, draft.commune_id.as_str()).await?;
    if !may(actor, RegistryAction::EditProducer, &area_of(&place, Some(id))) {
        return Err(ServiceError::Forbidden);
    }
    if actor.role == Role::Producer
        && (draft.tax_code.as_ref().map(|t| t.as_str()) != before.tax_code.as_deref()
            || draft.registration_number.as_ref().map(|r| r.as_str()) != before.registration_number.as_deref())
    {
        // A producer cannot change the number it is registered under; an officer does that.
        return Err(ServiceError::field("tax_code", ErrorCode::Forbidden));
    }
    if actor.role == Role::Producer
        && (draft.commune_id.as_str() != before.commune_id || draft.address_line != before.address_line)
        && holds_certificate_in_force(&tx, id).await?
    {
        // A certified producer moves only through its commune or province: the place of
        // production is a certified fact.
        return Err(ServiceError::Conflict(ErrorCode::CertifiedFactsFrozen));
    }
    ensure_unique(&tx, &draft, Some(id)).await?;
    let row = producer_row(id, &draft, update.row_version + 1, before.created_at);
    if !producer_repo::update(&tx, row.clone(), update.row_version)
        .await
        .map_err(map_unique)?
    {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    if row.name != before.name {
        refresh_product_search(&tx, id, &row.name).await?;
    }
    audit::append_with_state(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "producer.update",
            entity_type: "producer",
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

/// Whether any product the producer owns holds a certificate in force today.
async fn holds_certificate_in_force<C: ConnectionTrait>(conn: &C, producer_id: Uuid) -> ServiceResult<bool> {
    let day = crate::admin_units::today();
    Ok(
        ocop_storage::repo::certificate_repo::of_producer_products(conn, producer_id)
            .await?
            .iter()
            .any(|c| crate::certificates::status_on(c, day).in_force()),
    )
}

/// Recomputes the search text of a producer's products after a rename.
async fn refresh_product_search<C: ConnectionTrait>(
    conn: &C,
    producer_id: Uuid,
    producer_name: &str,
) -> ServiceResult<()> {
    for product in product_repo::of_producer(conn, producer_id).await? {
        let place = place(conn, &product.commune_id).await?;
        let set_name = product_set_repo::get(conn, &product.product_set_code)
            .await?
            .map(|s| s.name)
            .unwrap_or_default();
        let text =
            search_text::product_search_text(&product.name, producer_name, &set_name, product.gtin.as_deref(), &place);
        product_repo::set_search_text(conn, product.id, &text).await?;
    }
    Ok(())
}

/// Adds a certification to a producer.
pub async fn add_certification(
    db: &Database,
    actor: &Actor,
    producer_id: Uuid,
    input: &CertificationInput,
) -> ServiceResult<CertificationDto> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let producer = producer_repo::get(&tx, producer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let place = place(&tx, &producer.commune_id).await?;
    if !may(actor, RegistryAction::EditProducer, &area_of(&place, Some(producer_id))) {
        return Err(ServiceError::Forbidden);
    }
    let row = producer_certification::Model {
        id: Uuid::now_v7(),
        producer_id,
        kind: draft.kind.as_str().to_owned(),
        label: draft.label,
        number: draft.number,
        issuer: draft.issuer,
        issued_on: draft.issued_on,
        expires_on: draft.expires_on,
        created_at: ocop_storage::now(),
    };
    producer_repo::insert_certification(&tx, row.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "producer.certification.add",
            entity_type: "producer",
            entity_id: producer_id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "certification_id": row.id, "kind": row.kind, "number": row.number, "expires_on": row.expires_on })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(certification_dto(row))
}

/// Removes a certification.
pub async fn remove_certification(
    db: &Database,
    actor: &Actor,
    producer_id: Uuid,
    certification_id: Uuid,
) -> ServiceResult<()> {
    let tx = db.begin_write().await?;
    let producer = producer_repo::get(&tx, producer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let place = place(&tx, &producer.commune_id).await?;
    if !may(actor, RegistryAction::EditProducer, &area_of(&place, Some(producer_id))) {
        return Err(ServiceError::Forbidden);
    }
    if !producer_repo::delete_certification(&tx, producer_id, certification_id).await? {
        return Err(ServiceError::NotFound);
    }
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "producer.certification.remove",
            entity_type: "producer",
            entity_id: producer_id.to_string(),
            before: Some(serde_json::json!({ "certification_id": certification_id })),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The scope a producer account gets.
pub fn producer_scope(id: Uuid) -> Scope {
    Scope::Producer {
        producer_id: ProducerId(id),
    }
}

/// Whether the account registers producers somewhere (administrators, province and commune
/// officers, each in its area), for the pages' "register" buttons; each registration is still
/// checked by its commune.
pub fn registers_somewhere(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Administrator | Role::ProvinceOfficer | Role::CommuneOfficer
    )
}
