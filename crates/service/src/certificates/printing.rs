//! Printing certificates (PDF): one certificate, or every certificate of a
//! recognition decision at once (one page each), for officials in scope.
//! The layout lives in `ocop_documents::certificate`; this module resolves
//! the words and checks who may print.

use ocop_documents::certificate::{CertificateSheet, certificates_pdf};
use ocop_domain::certificate::LegalBasis;
use ocop_domain::role::{Actor, may_print_certificates};
use ocop_storage::Database;
use ocop_storage::repo::certificate_repo;
use uuid::Uuid;

use super::{CertificateDto, area_of, views};
use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};

/// "UBND tỉnh Kiên Giang" → "Ủy ban nhân dân tỉnh Kiên Giang" (the header spells it out).
fn spelled_out(issuer: &str) -> String {
    match issuer.strip_prefix("UBND ") {
        Some(rest) => format!("Ủy ban nhân dân {rest}"),
        None => issuer.to_owned(),
    }
}

/// The sheet printed for one certificate.
pub fn sheet(c: &CertificateDto) -> CertificateSheet {
    let (decision_number, decision_date, issuer, level, legal_basis) = match &c.decision {
        Some(d) => (
            d.number.clone(),
            d.decided_on,
            d.issuer_name.clone(),
            d.issuer_level.as_str(),
            d.legal_basis.clone(),
        ),
        None => (String::new(), c.issued_on, String::new(), "province", None),
    };
    let (capacity, title) = match level {
        "ministry" => (None, "Bộ trưởng"),
        _ => (Some("TM. Ủy ban nhân dân".to_owned()), "Chủ tịch"),
    };
    let province = c
        .place
        .today_province_names
        .first()
        .cloned()
        .unwrap_or_else(|| c.place.province_name.clone());
    let place = province
        .strip_prefix("Tỉnh ")
        .or_else(|| province.strip_prefix("Thành phố "))
        .unwrap_or(&province)
        .to_owned();
    CertificateSheet {
        issuer_parent: None,
        issuer: spelled_out(&issuer),
        number: c.number.clone(),
        place,
        issued_on: c.issued_on,
        valid_through: c.valid_through,
        stars: c.stars,
        score: c.score,
        product_name: c.product_name.clone(),
        // The set's name ("Nước mắm"), never its code (I.4.a); the code only when the name is unknown.
        product_set: Some(if c.product_set_name.is_empty() {
            c.product_set_code.clone()
        } else {
            c.product_set_name.clone()
        })
        .filter(|s| !s.is_empty()),
        producer_name: c.producer_name.clone(),
        producer_address: c.place.summary(),
        decision_number,
        decision_date,
        decision_issuer: spelled_out(&issuer),
        // Printed by its name (QĐ 148/QĐ-TTg), never its code (qd148).
        legal_basis: legal_basis
            .or_else(|| Some(c.legal_basis.clone()))
            .and_then(|code| LegalBasis::parse(&code).ok())
            .map(|basis| basis.label().to_owned()),
        signer_capacity: capacity,
        signer_title: title.to_owned(),
        signer_name: String::new(),
        verification_code: c.verification_code.clone(),
    }
}

fn require_print(actor: &Actor, certificates: &[CertificateDto]) -> ServiceResult<()> {
    if certificates
        .iter()
        .all(|c| may_print_certificates(actor, &area_of(&c.place, c.producer_id)))
    {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

async fn render(sheets: Vec<CertificateSheet>, public_base_url: &str) -> ServiceResult<Vec<u8>> {
    let base = public_base_url.to_owned();
    tokio::task::spawn_blocking(move || certificates_pdf(&sheets, &base))
        .await
        .map_err(|e| ServiceError::Internal(format!("PDF task: {e}")))?
        .map_err(|e| ServiceError::Internal(format!("certificate PDF: {e}")))
}

/// One certificate as PDF, with its QR code to `{public_base_url}/v/{code}`.
pub async fn certificate_pdf(db: &Database, actor: &Actor, id: Uuid, public_base_url: &str) -> ServiceResult<Vec<u8>> {
    let row = certificate_repo::get(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let certificates = views(db.conn(), vec![row], today()).await?;
    require_print(actor, &certificates)?;
    render(certificates.iter().map(sheet).collect(), public_base_url).await
}

/// The certificates a recognition decision issued; none (or a revocation decision) is not found.
async fn of_decision(db: &Database, decision_id: Uuid) -> ServiceResult<Vec<CertificateDto>> {
    let rows = certificate_repo::of_decision(db.conn(), decision_id).await?;
    if rows.is_empty() {
        return Err(ServiceError::NotFound);
    }
    views(db.conn(), rows, today()).await
}

/// Every certificate a recognition decision issued, one page each.
pub async fn decision_pdf(
    db: &Database,
    actor: &Actor,
    decision_id: Uuid,
    public_base_url: &str,
) -> ServiceResult<Vec<u8>> {
    let certificates = of_decision(db, decision_id).await?;
    require_print(actor, &certificates)?;
    render(certificates.iter().map(sheet).collect(), public_base_url).await
}

/// The same for the operator at the command line (`ocop certificates pdf`), who has the
/// server's own rights.
pub async fn decision_pdf_as_operator(
    db: &Database,
    decision_id: Uuid,
    public_base_url: &str,
) -> ServiceResult<Vec<u8>> {
    let certificates = of_decision(db, decision_id).await?;
    render(certificates.iter().map(sheet).collect(), public_base_url).await
}

/// What a recognition decision issued, as the batch, dossier and product pages link to it.
#[derive(Debug, Clone)]
pub struct IssuedBy {
    /// The decision.
    pub decision_id: Uuid,
    /// Its certificates (public facts: number, product, status, `/v/{code}`).
    pub certificates: Vec<CertificateDto>,
    /// True when the viewer may print them (each certificate's PDF and the decision's PDF).
    pub may_print: bool,
}

/// The certificates `decision_id` issued, for pages linking from a decision to its
/// certificates; an empty list when it issued none (a decision not recognising anything, or
/// a revocation). The facts are public (`/v/{code}`); printing follows `may_print_certificates`.
pub async fn issued_by(db: &Database, actor: Option<&Actor>, decision_id: Uuid) -> ServiceResult<IssuedBy> {
    let rows = certificate_repo::of_decision(db.conn(), decision_id).await?;
    let certificates = views(db.conn(), rows, today()).await?;
    let may_print = !certificates.is_empty() && actor.is_some_and(|a| require_print(a, &certificates).is_ok());
    Ok(IssuedBy {
        decision_id,
        certificates,
        may_print,
    })
}

/// True when `actor` may print this certificate (its page shows the PDF link).
pub fn may_print(actor: Option<&Actor>, certificate: &CertificateDto) -> bool {
    actor.is_some_and(|a| may_print_certificates(a, &area_of(&certificate.place, certificate.producer_id)))
}
