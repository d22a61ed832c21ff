//! Certificates (giấy chứng nhận): issue from a recognition decision, renew,
//! upgrade, suspend, revoke, import; public verification, catalogue, open
//! data and worklists.
//!
//! A certificate's status is computed for the day asked about from its
//! stored facts (`ocop_domain::certificate::LifecycleFacts`); nothing has to
//! run at midnight for the public page to tell the truth.

pub mod catalogue;
pub mod daily;
pub mod gs1;
pub mod import;
pub mod issue;
pub mod lifecycle;
pub mod printing;
pub mod signals;
pub mod typo;
pub mod verify;
pub mod worklist_xlsx;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use ocop_domain::certificate::input::DecisionDraft;
use ocop_domain::certificate::validity::DEFAULT_EXPIRING_WINDOW_MONTHS;
use ocop_domain::certificate::{
    CertificateNumber, CertificateStatus, IssuerLevel, LifecycleFacts, Stars, VerificationCode, authority,
    code::CODE_BYTES,
};
use ocop_domain::role::{Actor, RecordArea};
use ocop_domain::{ErrorCode, ids::ProducerId};
use ocop_storage::entities::{certificate, decision};
use ocop_storage::repo::{certificate_repo, producer_repo, product_repo, product_set_repo};
use ocop_storage::{ConnectionTrait, is_unique_violation};
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::admin_units::{PlaceDto, places};
use crate::error::{ServiceError, ServiceResult};
use crate::producers::empty_place;

/// The expiring window used when none is configured (6 months).
pub const EXPIRING_WINDOW_MONTHS: u32 = DEFAULT_EXPIRING_WINDOW_MONTHS;

/// The configured expiring window (`OCOP_EXPIRING_WINDOW_MONTHS`), process-wide: statuses,
/// worklists, the daily job and the pages all read it.
static EXPIRING_WINDOW: AtomicU32 = AtomicU32::new(EXPIRING_WINDOW_MONTHS);

/// Sets the expiring window (months before expiry when a certificate shows as expiring),
/// once at start-up; 1–35 months, anything else keeps the default.
pub fn set_expiring_window_months(months: u32) {
    if (1..36).contains(&months) {
        EXPIRING_WINDOW.store(months, Ordering::Relaxed);
    }
}

/// The expiring window in months (6 unless configured).
pub fn expiring_window_months() -> u32 {
    EXPIRING_WINDOW.load(Ordering::Relaxed)
}

/// A decision as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct DecisionDto {
    /// Identifier.
    pub id: Uuid,
    /// `recognise` or `revoke`.
    pub kind: String,
    /// Number, e.g. `3981/QĐ-UBND`.
    pub number: String,
    /// Signing date.
    pub decided_on: NaiveDate,
    /// Issuing body.
    pub issuer_name: String,
    /// `district`, `province` or `ministry`.
    pub issuer_level: String,
    /// Legal basis of a recognition.
    pub legal_basis: Option<String>,
    /// Whether the scanned decision it was recorded from is on file.
    pub scanned: bool,
}

impl From<decision::Model> for DecisionDto {
    fn from(m: decision::Model) -> Self {
        Self {
            scanned: m.scan_sha256.is_some(),
            id: m.id,
            kind: m.kind,
            number: m.number,
            decided_on: m.decided_on,
            issuer_name: m.issuer_name,
            issuer_level: m.issuer_level,
            legal_basis: m.legal_basis,
        }
    }
}

/// A certificate with its product, producer, decisions and status today.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CertificateDto {
    /// Identifier.
    pub id: Uuid,
    /// Certificate number (`{province}-{year}-{stars}S-{sequence}`, or as printed for imports).
    pub number: String,
    /// Public verification code (`/v/{code}`).
    pub verification_code: String,
    /// Status on `checked_on`.
    pub status: CertificateStatus,
    /// The day the status was computed for (Vietnam time).
    pub checked_on: NaiveDate,
    /// Stars (3–5).
    pub stars: u8,
    /// Score out of 100, if recorded.
    pub score: Option<f64>,
    /// Legal basis.
    pub legal_basis: String,
    /// `issued`, `renewal`, `upgrade` or `imported`.
    pub origin: String,
    /// True when the certificate records a decision signed on paper before the system (ghi nhận
    /// quyết định đã ban hành: recorded with its scan, or imported), false when the system's
    /// council made the decision.
    pub recorded: bool,
    /// Day of issue.
    pub issued_on: NaiveDate,
    /// Last valid day (inclusive).
    pub valid_through: NaiveDate,
    /// Product.
    pub product_id: Uuid,
    /// Product name as certified (at issue; later amendments are listed by `/v/{code}`).
    pub product_name: String,
    /// Product set code as certified.
    pub product_set_code: String,
    /// The product set's name (bộ sản phẩm), as printed on the certificate; empty for an
    /// unknown code.
    #[serde(default)]
    pub product_set_name: String,
    /// Producer.
    pub producer_id: Uuid,
    /// Producer name as certified.
    pub producer_name: String,
    /// Place of production as certified (the commune as recorded at issue, and today).
    pub place: PlaceDto,
    /// Province the certificate is numbered in (today's code).
    pub province_code: String,
    /// Today's provinces whose officers act for a provincial or district issuer (the recorded
    /// province and today's provinces of the certified commune); see `certificate::authority`.
    pub authority_provinces: Vec<String>,
    /// The recognition decision.
    pub decision: Option<DecisionDto>,
    /// The certificate that replaced it.
    pub superseded_by: Option<Uuid>,
    /// Day it was replaced.
    pub superseded_on: Option<NaiveDate>,
    /// Day it was suspended.
    pub suspended_on: Option<NaiveDate>,
    /// Day it was revoked.
    pub revoked_on: Option<NaiveDate>,
    /// Revocation ground code.
    pub revocation_ground: Option<String>,
    /// Revocation ground in words (for `other`).
    pub revocation_text: Option<String>,
    /// The revocation decision.
    pub revocation_decision: Option<DecisionDto>,
}

/// The lifecycle facts of a stored certificate.
pub fn facts(m: &certificate::Model) -> LifecycleFacts {
    LifecycleFacts {
        issued_on: m.issued_on,
        valid_through: m.valid_through,
        superseded_on: m.superseded_on,
        suspended_on: m.suspended_on,
        revoked_on: m.revoked_on,
    }
}

/// Status of a stored certificate on `day`.
pub fn status_on(m: &certificate::Model, day: NaiveDate) -> CertificateStatus {
    facts(m).status_on(day, expiring_window_months())
}

/// Builds views of many certificates with a handful of batched queries.
pub async fn views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<certificate::Model>,
    today: NaiveDate,
) -> ServiceResult<Vec<CertificateDto>> {
    let product_ids: Vec<Uuid> = rows.iter().map(|c| c.product_id).collect();
    let products: HashMap<Uuid, _> = product_repo::get_many(conn, &product_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let producer_ids: Vec<Uuid> = rows.iter().map(|c| c.producer_id).collect();
    let producers: HashMap<Uuid, String> = producer_repo::get_many(conn, &producer_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let decision_ids: Vec<Uuid> = rows
        .iter()
        .flat_map(|c| [Some(c.decision_id), c.revocation_decision_id])
        .flatten()
        .collect();
    let decisions: HashMap<Uuid, DecisionDto> = certificate_repo::decisions(conn, &decision_ids)
        .await?
        .into_iter()
        .map(|d| (d.id, d.into()))
        .collect();
    let commune_ids: Vec<String> = rows
        .iter()
        .map(|c| certified_commune(c, products.get(&c.product_id)))
        .collect();
    let places = places(conn, &commune_ids).await?;
    let set_names: HashMap<String, String> = product_set_repo::list(conn, None)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|c| {
            let product = products.get(&c.product_id);
            let commune_id = certified_commune(&c, product);
            let place = places
                .get(&commune_id)
                .cloned()
                .unwrap_or_else(|| empty_place(&commune_id));
            let certified = |snapshot: &str, current: Option<String>| {
                if snapshot.is_empty() {
                    current.unwrap_or_default()
                } else {
                    snapshot.to_owned()
                }
            };
            CertificateDto {
                authority_provinces: authority_provinces(&c.province_code, &place),
                recorded: c.recorded,
                status: status_on(&c, today),
                checked_on: today,
                id: c.id,
                number: c.number,
                verification_code: c.verification_code,
                stars: u8::try_from(c.stars).unwrap_or_default(),
                score: c.score_x100.map(|s| f64::from(s) / 100.0),
                legal_basis: c.legal_basis,
                origin: c.origin,
                issued_on: c.issued_on,
                valid_through: c.valid_through,
                product_id: c.product_id,
                product_name: certified(&c.certified_product_name, product.map(|p| p.name.clone())),
                product_set_name: set_names
                    .get(&certified(
                        &c.certified_product_set_code,
                        product.map(|p| p.product_set_code.clone()),
                    ))
                    .cloned()
                    .unwrap_or_default(),
                product_set_code: certified(
                    &c.certified_product_set_code,
                    product.map(|p| p.product_set_code.clone()),
                ),
                producer_id: c.producer_id,
                producer_name: certified(&c.certified_producer_name, producers.get(&c.producer_id).cloned()),
                place,
                province_code: c.province_code,
                decision: decisions.get(&c.decision_id).cloned(),
                superseded_by: c.superseded_by,
                superseded_on: c.superseded_on,
                suspended_on: c.suspended_on,
                revoked_on: c.revoked_on,
                revocation_ground: c.revocation_ground,
                revocation_text: c.revocation_text,
                revocation_decision: c.revocation_decision_id.and_then(|id| decisions.get(&id).cloned()),
            }
        })
        .collect())
}

/// The commune a certificate was certified in (the product's today for a row without one).
fn certified_commune(c: &certificate::Model, product: Option<&ocop_storage::entities::product::Model>) -> String {
    if c.certified_commune_id.is_empty() {
        product.map(|p| p.commune_id.clone()).unwrap_or_default()
    } else {
        c.certified_commune_id.clone()
    }
}

/// Today's provinces a provincial or district issuer's authority lies in: the province the
/// certificate was numbered in and today's provinces of the commune it was certified in (a
/// former district's communes went to today's province through `admin_unit_current`).
fn authority_provinces(province_code: &str, certified_place: &PlaceDto) -> Vec<String> {
    let mut codes = vec![province_code.to_owned()];
    for code in &certified_place.today_province_codes {
        if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    codes
}

/// Refuses unless `actor` is (or acts for) the body that issued the certificate: the ministry
/// for its 5★, the issuing province — or today's province of a former district — otherwise.
/// Where the product or its producer lies today plays no part.
pub async fn require_authority<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    c: &certificate::Model,
) -> ServiceResult<()> {
    let (level, provinces) = issuer_of(conn, c).await?;
    authority::check(level, &provinces, actor).map_err(ServiceError::Coded)
}

/// The issuing level of a certificate's decision and its authority's provinces today.
pub async fn issuer_of<C: ConnectionTrait>(
    conn: &C,
    c: &certificate::Model,
) -> ServiceResult<(IssuerLevel, Vec<String>)> {
    let decision = certificate_repo::decisions(conn, &[c.decision_id])
        .await?
        .pop()
        .ok_or_else(|| ServiceError::Internal(format!("certificate {} has no decision", c.id)))?;
    let level = IssuerLevel::parse(&decision.issuer_level)
        .map_err(|_| ServiceError::Internal(format!("decision {} has an unknown issuer level", decision.id)))?;
    let commune = if c.certified_commune_id.is_empty() {
        product_repo::get(conn, c.product_id)
            .await?
            .map(|p| p.commune_id)
            .unwrap_or_default()
    } else {
        c.certified_commune_id.clone()
    };
    let place = crate::admin_units::place(conn, &commune).await?;
    Ok((level, authority_provinces(&c.province_code, &place)))
}

/// Refuses unless `actor` may record a decision of `issuer` for a product lying in `place` today.
pub fn require_issuer_authority(actor: &Actor, issuer: IssuerLevel, place: &PlaceDto) -> ServiceResult<()> {
    authority::check(issuer, &place.today_province_codes, actor).map_err(ServiceError::Coded)
}

/// A fresh verification code: 104 bits from the operating system's generator.
pub fn new_verification_code() -> ServiceResult<VerificationCode> {
    let mut bytes = [0u8; CODE_BYTES];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| ServiceError::Internal(format!("OS random generator: {e}")))?;
    Ok(VerificationCode::from_random(bytes))
}

/// The next free number for a province, year and star class (inside the write transaction).
pub async fn next_number<C: ConnectionTrait>(
    conn: &C,
    province_code: &str,
    year: i32,
    stars: Stars,
) -> ServiceResult<CertificateNumber> {
    let prefix = CertificateNumber::prefix(province_code, year, stars);
    let last = certificate_repo::max_sequence(conn, &prefix).await?;
    Ok(CertificateNumber::new(province_code, year, stars, last + 1))
}

/// The area of a product, for access checks.
pub fn area_of(place: &PlaceDto, producer_id: Uuid) -> RecordArea {
    RecordArea {
        commune_codes: place.today_commune_codes.clone(),
        province_codes: place.today_province_codes.clone(),
        producer_id: Some(ProducerId(producer_id)),
    }
}

/// Finds the decision with this issuer and number, or stores it. An existing
/// decision must agree on kind and date, or the request conflicts with it.
#[allow(clippy::too_many_arguments)]
pub async fn decision_row<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    number: &str,
    decided_on: NaiveDate,
    issuer_name: &str,
    issuer_level: &str,
    legal_basis: Option<&str>,
    scan: Option<&DecisionScan>,
) -> ServiceResult<decision::Model> {
    if let Some(found) = certificate_repo::find_decision(conn, issuer_name, number).await? {
        if found.kind != kind || found.decided_on != decided_on || found.legal_basis.as_deref() != legal_basis {
            return Err(ServiceError::field("decision.number", ErrorCode::Conflict));
        }
        return Ok(found);
    }
    let row = decision::Model {
        id: Uuid::now_v7(),
        kind: kind.to_owned(),
        number: number.to_owned(),
        decided_on,
        issuer_name: issuer_name.to_owned(),
        issuer_level: issuer_level.to_owned(),
        legal_basis: legal_basis.map(str::to_owned),
        created_at: ocop_storage::now(),
        scan_sha256: scan.map(|s| s.sha256.clone()),
        scan_content_type: scan.map(|s| s.content_type.to_owned()),
    };
    certificate_repo::insert_decision(conn, row.clone()).await?;
    Ok(row)
}

/// The scanned decision a recorded decision is entered from: a file in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionScan {
    /// Its key in the content-addressed store.
    pub sha256: String,
    /// Its type, sniffed from its bytes.
    pub content_type: &'static str,
}

/// The decision row of a recognition draft (with the scan it is recorded from, if any).
pub async fn recognition_row<C: ConnectionTrait>(
    conn: &C,
    draft: &DecisionDraft,
    scan: Option<&DecisionScan>,
) -> ServiceResult<decision::Model> {
    decision_row(
        conn,
        "recognise",
        &draft.number,
        draft.decided_on,
        &draft.issuer_name,
        draft.issuer_level.as_str(),
        Some(draft.legal_basis.as_str()),
        scan,
    )
    .await
}

/// A unique-violation on a number or code is a conflict the user can retry.
pub(crate) fn map_unique(err: ocop_storage::DbErr) -> ServiceError {
    if is_unique_violation(&err) {
        ServiceError::Conflict(ErrorCode::Conflict)
    } else {
        err.into()
    }
}

/// The audit snapshot of a certificate. Made from the stored row, it is also what `ocop audit verify --state` recomputes
/// (`audit_state`): a column missing here is a column whose tampering goes unseen.
pub fn snapshot(m: &certificate::Model) -> serde_json::Value {
    serde_json::json!({
        "id": m.id, "product_id": m.product_id, "producer_id": m.producer_id, "stars": m.stars,
        "score_x100": m.score_x100, "legal_basis": m.legal_basis, "decision_id": m.decision_id,
        "origin": m.origin, "issued_on": m.issued_on, "valid_through": m.valid_through, "number": m.number,
        "province_code": m.province_code, "superseded_by": m.superseded_by, "superseded_on": m.superseded_on,
        "suspended_on": m.suspended_on, "suspension_note": m.suspension_note, "revoked_on": m.revoked_on,
        "revocation_ground": m.revocation_ground, "revocation_text": m.revocation_text,
        "revocation_decision_id": m.revocation_decision_id, "row_version": m.row_version,
        "certified_product_name": m.certified_product_name,
        "certified_product_set_code": m.certified_product_set_code,
        "certified_producer_name": m.certified_producer_name,
        "certified_commune_id": m.certified_commune_id, "recorded": m.recorded,
    })
}
