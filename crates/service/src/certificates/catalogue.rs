//! The public catalogue of certified products, the open-data register and
//! the officers' worklist of expiring and expired certificates.

use ocop_domain::ErrorCode;
use ocop_domain::certificate::CertificateStatus;
use ocop_domain::certificate::validity::expiring_cutoff;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_storage::Database;
use ocop_storage::repo::certificate_repo::{self, CertificateQuery};
use ocop_storage::repo::product_repo::ProductQuery;
use ocop_storage::repo::{producer_repo, product_set_repo};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{CertificateDto, expiring_window_months, views};
use crate::admin_units::{Paged, today};
use crate::error::{ServiceError, ServiceResult};
use crate::paging;
use crate::producers::check_code;

/// Query of `GET /api/v1/catalogue`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueParams {
    /// Search over product, producer, product set and place names; diacritics optional.
    pub q: Option<String>,
    /// Today's province code (2 digits).
    pub province: Option<String>,
    /// Today's commune code (5 digits).
    pub commune: Option<String>,
    /// Product set code (`I.4.a`, …).
    pub product_set: Option<String>,
    /// Stars (3, 4 or 5).
    pub stars: Option<String>,
    /// `valid`, `expiring`, `expired`, `suspended`, `revoked`; `in_force` (valid or
    /// expiring: the product may carry the OCOP mark today); `all` or absent: any.
    pub status: Option<String>,
    /// Rows to skip.
    pub offset: Option<u64>,
    /// Page size (1–200, default 20).
    pub limit: Option<u64>,
}

fn blank(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn is_digits(len: usize) -> impl Fn(&str) -> bool {
    move |c: &str| c.len() == len && c.bytes().all(|b| b.is_ascii_digit())
}

/// The catalogue's `status` for certificates in force (valid or expiring).
pub const STATUS_IN_FORCE: &str = "in_force";
/// The catalogue's `status` for every status.
pub const STATUS_ALL: &str = "all";

/// Lists each certified product's current certificate (the latest, not superseded); public.
pub async fn catalogue(db: &Database, params: &CatalogueParams) -> ServiceResult<Paged<CertificateDto>> {
    check_code("province", params.province.as_deref(), |c| is_digits(2)(c))?;
    check_code("commune", params.commune.as_deref(), |c| is_digits(5)(c))?;
    let product_set_code = blank(&params.product_set);
    if let Some(code) = &product_set_code
        && product_set_repo::get(db.conn(), code).await?.is_none()
    {
        return Err(ServiceError::field("product_set", ErrorCode::UnknownProductSet));
    }
    let stars = match blank(&params.stars) {
        None => None,
        Some(s) => Some(
            s.parse::<u8>()
                .ok()
                .filter(|n| (3..=5).contains(n))
                .ok_or_else(|| ServiceError::field("stars", ErrorCode::InvalidStars))?,
        ),
    };
    let statuses = match blank(&params.status).as_deref() {
        None | Some(STATUS_ALL) => Vec::new(),
        Some(STATUS_IN_FORCE) => vec![CertificateStatus::Valid, CertificateStatus::Expiring],
        Some(s) => vec![CertificateStatus::parse(s).map_err(|code| ServiceError::field("status", code))?],
    };
    let day = today();
    let query = CertificateQuery {
        product: ProductQuery {
            terms: crate::search_text::query_terms(params.q.as_deref())?,
            province_code: blank(&params.province),
            commune_code: blank(&params.commune),
            product_set_code,
            ..Default::default()
        },
        stars: stars.map(i32::from),
        statuses,
        today: Some(day),
        expiring_cutoff: Some(expiring_cutoff(day, expiring_window_months())),
        current_only: true,
        offset: params.offset.unwrap_or(0),
        limit: paging::limit(params.limit),
        ..Default::default()
    };
    let mut page = certificate_repo::list(db.conn(), &query).await?;
    if page.total == 0 && !query.product.terms.is_empty() {
        // Nothing for the folded words: try each unknown word's nearest known one.
        let corrected = super::typo::correct_terms(db.conn(), &query.product.terms).await?;
        if corrected != query.product.terms {
            let mut retry = query.clone();
            retry.product.terms = corrected;
            page = certificate_repo::list(db.conn(), &retry).await?;
        }
    }
    Ok(Paged {
        items: views(db.conn(), page.items, day).await?,
        total: page.total,
        offset: query.offset,
        limit: query.limit,
    })
}

/// One row of the open-data register (docs/OPEN_DATA.md).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OpenDataRecord {
    /// Certificate number.
    pub certificate_number: String,
    /// Verification address path (`/v/{code}`).
    pub verification_path: String,
    /// Status on `checked_on`.
    pub status: String,
    /// Day the status was computed for.
    pub checked_on: String,
    /// Stars.
    pub stars: u8,
    /// Score out of 100.
    pub score: Option<f64>,
    /// Product name.
    pub product_name: String,
    /// Product set code.
    pub product_set_code: String,
    /// Producer name.
    pub producer_name: String,
    /// Today's province name(s), ` / ` separated.
    pub province: String,
    /// Today's commune name(s).
    pub commune: String,
    /// Commune as recorded (may be a pre-2025 unit).
    pub commune_recorded: String,
    /// Day of issue, `YYYY-MM-DD`.
    pub issued_on: String,
    /// Last valid day, `YYYY-MM-DD`.
    pub valid_through: String,
    /// Recognition decision number.
    pub decision_number: String,
    /// Decision date.
    pub decision_date: String,
    /// Issuing body.
    pub issuer: String,
    /// `district`, `province`, `ministry`.
    pub issuer_level: String,
    /// Legal basis code.
    pub legal_basis: String,
    /// `issued`, `renewal`, `upgrade`, `imported`.
    pub origin: String,
    /// Day superseded, if any.
    pub superseded_on: Option<String>,
    /// Day revoked, if any.
    pub revoked_on: Option<String>,
    /// Revocation ground code, if revoked.
    pub revocation_ground: Option<String>,
}

impl From<CertificateDto> for OpenDataRecord {
    fn from(c: CertificateDto) -> Self {
        let decision = c.decision.clone();
        Self {
            verification_path: format!("/v/{}", c.verification_code),
            certificate_number: c.number,
            status: c.status.as_str().to_owned(),
            checked_on: c.checked_on.to_string(),
            stars: c.stars,
            score: c.score,
            product_name: c.product_name,
            product_set_code: c.product_set_code,
            producer_name: c.producer_name,
            province: c.place.today_province_names.join(" / "),
            commune: c.place.today_commune_names.join(" / "),
            commune_recorded: c.place.commune_name,
            issued_on: c.issued_on.to_string(),
            valid_through: c.valid_through.to_string(),
            decision_number: decision.as_ref().map(|d| d.number.clone()).unwrap_or_default(),
            decision_date: decision.as_ref().map(|d| d.decided_on.to_string()).unwrap_or_default(),
            issuer: decision.as_ref().map(|d| d.issuer_name.clone()).unwrap_or_default(),
            issuer_level: decision.map(|d| d.issuer_level).unwrap_or_default(),
            legal_basis: c.legal_basis,
            origin: c.origin,
            superseded_on: c.superseded_on.map(|d| d.to_string()),
            revoked_on: c.revoked_on.map(|d| d.to_string()),
            revocation_ground: c.revocation_ground,
        }
    }
}

/// The whole register, every certificate ever issued, by number; public.
pub async fn open_data(db: &Database) -> ServiceResult<Vec<OpenDataRecord>> {
    let rows = certificate_repo::all(db.conn()).await?;
    let day = today();
    let mut records = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1_000).collect();
        records.extend(
            views(db.conn(), chunk, day)
                .await?
                .into_iter()
                .map(OpenDataRecord::from),
        );
    }
    Ok(records)
}

/// The open-data columns, in the order of [`OpenDataRecord`]'s fields.
pub const OPEN_DATA_FIELDS: [&str; 23] = [
    "certificate_number",
    "verification_path",
    "status",
    "checked_on",
    "stars",
    "score",
    "product_name",
    "product_set_code",
    "producer_name",
    "province",
    "commune",
    "commune_recorded",
    "issued_on",
    "valid_through",
    "decision_number",
    "decision_date",
    "issuer",
    "issuer_level",
    "legal_basis",
    "origin",
    "superseded_on",
    "revoked_on",
    "revocation_ground",
];

/// The register as CSV (UTF-8 with a byte order mark, header row, comma-separated;
/// text cells defused against formulas, `stars` and `score` numeric: `csv_out`).
pub fn open_data_csv(records: &[OpenDataRecord]) -> ServiceResult<Vec<u8>> {
    crate::csv_out::write_records(&OPEN_DATA_FIELDS, &["stars", "score"], records)
}

/// Query of `GET /api/v1/certificates/worklist`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorklistParams {
    /// Today's province code; province officers always see their own.
    pub province: Option<String>,
    /// Today's commune code; commune officers always see their own.
    pub commune: Option<String>,
    /// Rows to skip.
    pub offset: Option<u64>,
    /// Page size (1–200, default 20).
    pub limit: Option<u64>,
}

/// A certificate to follow up, with the producer's contacts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WorklistItem {
    /// The certificate (status `expiring` or `expired`).
    pub certificate: CertificateDto,
    /// Producer's representative.
    pub representative: String,
    /// Producer's phone.
    pub phone: Option<String>,
    /// Producer's e-mail.
    pub email: Option<String>,
}

/// Expiring and expired current certificates in the actor's area, in product-name order.
pub async fn worklist(db: &Database, actor: &Actor, params: &WorklistParams) -> ServiceResult<Paged<WorklistItem>> {
    check_code("province", params.province.as_deref(), |c| is_digits(2)(c))?;
    check_code("commune", params.commune.as_deref(), |c| is_digits(5)(c))?;
    let (province, commune) = match (&actor.role, &actor.scope) {
        (Role::Administrator | Role::CentralOfficer, _) => (blank(&params.province), blank(&params.commune)),
        (Role::ProvinceOfficer, Scope::Province { province_code }) => {
            (Some(province_code.clone()), blank(&params.commune))
        }
        (Role::CommuneOfficer, Scope::Commune { commune_code, .. }) => (None, Some(commune_code.clone())),
        _ => return Err(ServiceError::Forbidden),
    };
    let day = today();
    let query = CertificateQuery {
        product: ProductQuery {
            province_code: province,
            commune_code: commune,
            ..Default::default()
        },
        statuses: vec![CertificateStatus::Expiring, CertificateStatus::Expired],
        today: Some(day),
        expiring_cutoff: Some(expiring_cutoff(day, expiring_window_months())),
        current_only: true,
        offset: params.offset.unwrap_or(0),
        limit: paging::limit(params.limit),
        ..Default::default()
    };
    let page = certificate_repo::list(db.conn(), &query).await?;
    let producer_ids: Vec<Uuid> = page.items.iter().map(|c| c.producer_id).collect();
    let producers: std::collections::HashMap<Uuid, _> = producer_repo::get_many(db.conn(), &producer_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let items = views(db.conn(), page.items, day)
        .await?
        .into_iter()
        .map(|certificate| {
            let producer = producers.get(&certificate.producer_id);
            WorklistItem {
                representative: producer.map(|p| p.representative.clone()).unwrap_or_default(),
                phone: producer.and_then(|p| p.phone.clone()),
                email: producer.and_then(|p| p.email.clone()),
                certificate,
            }
        })
        .collect();
    Ok(Paged {
        items,
        total: page.total,
        offset: query.offset,
        limit: query.limit,
    })
}
