//! The producer's evidence vault (kho minh chứng): typed documents with issue and expiry
//! dates, stored once in the content-addressed [`FileStore`] and attached to as many dossiers
//! as need them, so renewals and upgrades reuse them. Expired and soon-expiring documents are
//! flagged wherever they are shown.

use chrono::{DateTime, NaiveDate, Utc};
use ocop_domain::ErrorCode;
use ocop_domain::ValidationErrors;
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::evidence_document;
use ocop_storage::repo::{dossier_repo, producer_repo};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::access::{Act, area_of, check};
use crate::admin_units::{parse_date, today};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};
use crate::files::{FileStore, sniff};
use crate::typed_text::{Lines, cleaned};

/// The largest evidence file accepted (under the 10 MiB request limit).
pub const MAX_EVIDENCE_BYTES: usize = 8 * 1024 * 1024;

/// Days before expiry from which a document is flagged as expiring.
pub const EXPIRING_WITHIN_DAYS: i64 = 90;

/// Evidence types (loại minh chứng), with Vietnamese labels.
pub const DOC_TYPES: [(&str, &str); 14] = [
    ("registration_form", "Phiếu đăng ký sản phẩm (Mẫu 01)"),
    ("self_assessment", "Báo cáo tự đánh giá (Mẫu 02)"),
    ("business_plan", "Phương án, kế hoạch kinh doanh"),
    ("organisation", "Giới thiệu bộ máy tổ chức"),
    ("business_licence", "Giấy đăng ký kinh doanh"),
    (
        "food_safety_certificate",
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
    ),
    ("standard_declaration", "Bản tự công bố / công bố tiêu chuẩn sản phẩm"),
    ("test_report", "Phiếu kết quả kiểm nghiệm"),
    ("trademark", "Giấy chứng nhận nhãn hiệu"),
    ("vietgap", "Chứng nhận VietGAP"),
    ("traceability", "Truy xuất nguồn gốc, mã vạch"),
    ("product_story", "Câu chuyện sản phẩm"),
    ("award", "Giải thưởng"),
    ("other", "Tài liệu khác"),
];

/// The Vietnamese label of a type.
pub fn doc_type_label(code: &str) -> &'static str {
    DOC_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("Tài liệu", |(_, label)| label)
}

/// A vault document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentDto {
    /// Identifier (download: `GET /api/v1/evidence/{id}`).
    pub id: Uuid,
    /// The producer.
    pub producer_id: Uuid,
    /// Type code (`registration_form`, `business_licence`, `test_report`, `vietgap`, …).
    pub doc_type: String,
    /// Type label.
    pub doc_type_label: String,
    /// Title.
    pub title: String,
    /// Sniffed content type.
    pub content_type: String,
    /// Size.
    pub byte_size: i64,
    /// SHA-256 of the content.
    pub sha256: String,
    /// Issued on.
    pub issued_on: Option<NaiveDate>,
    /// Valid until.
    pub expires_on: Option<NaiveDate>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// `valid`, `expiring` (within 90 days) or `expired`.
    pub validity: String,
    /// Uploaded at.
    pub created_at: DateTime<Utc>,
}

/// The DTO of a row, its validity counted on `today`.
pub fn document_dto(row: &evidence_document::Model, today: NaiveDate) -> DocumentDto {
    let validity = match row.expires_on {
        Some(end) if end < today => "expired",
        Some(end) if end <= today + chrono::Duration::days(EXPIRING_WITHIN_DAYS) => "expiring",
        _ => "valid",
    };
    DocumentDto {
        id: row.id,
        producer_id: row.producer_id,
        doc_type: row.doc_type.clone(),
        doc_type_label: doc_type_label(&row.doc_type).to_owned(),
        title: row.title.clone(),
        content_type: row.content_type.clone(),
        byte_size: row.byte_size,
        sha256: row.sha256.clone(),
        issued_on: row.issued_on,
        expires_on: row.expires_on,
        issuer: row.issuer.clone(),
        validity: validity.to_owned(),
        created_at: row.created_at,
    }
}

/// What describes an upload (query of `POST /api/v1/producers/{id}/evidence`, or form fields).
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct UploadMeta {
    /// Type code.
    pub doc_type: String,
    /// Title (default: the type's label).
    pub title: Option<String>,
    /// Issued on (YYYY-MM-DD or DD/MM/YYYY).
    pub issued_on: Option<String>,
    /// Valid until (YYYY-MM-DD or DD/MM/YYYY).
    pub expires_on: Option<String>,
    /// Issuing body.
    pub issuer: Option<String>,
}

fn optional_date(errors: &mut ValidationErrors, field: &str, value: Option<&str>) -> Option<NaiveDate> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    errors.check(field, parse_date(value))
}

fn blank(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// Checks an evidence file: size, and a real PDF or image from its first bytes.
pub fn check_evidence(bytes: &[u8]) -> ServiceResult<&'static str> {
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(ServiceError::Coded(ErrorCode::PayloadTooLarge));
    }
    if bytes.is_empty() {
        return Err(ServiceError::field("file", ErrorCode::Required));
    }
    sniff(bytes)
        .map(|kind| kind.mime())
        .ok_or(ServiceError::Coded(ErrorCode::UnsupportedMediaType))
}

/// Stores a document in a producer's vault.
pub async fn upload(
    db: &Database,
    files: &FileStore,
    actor: &Actor,
    producer_id: Uuid,
    meta: &UploadMeta,
    bytes: &[u8],
) -> ServiceResult<DocumentDto> {
    let mut errors = ValidationErrors::new();
    let doc_type = meta.doc_type.trim();
    if !DOC_TYPES.iter().any(|(c, _)| *c == doc_type) {
        errors.add("doc_type", ErrorCode::InvalidChoice);
    }
    let issued_on = optional_date(&mut errors, "issued_on", meta.issued_on.as_deref());
    let expires_on = optional_date(&mut errors, "expires_on", meta.expires_on.as_deref());
    if let (Some(from), Some(to)) = (issued_on, expires_on)
        && to < from
    {
        errors.add("expires_on", ErrorCode::DateOrder);
    }
    let title = blank(meta.title.as_deref())
        .map(|title| cleaned(&mut errors, "title", &title, Lines::Single))
        .unwrap_or_else(|| doc_type_label(doc_type).to_owned());
    if title.chars().count() > 300 {
        errors.add("title", ErrorCode::TooLong);
    }
    errors.into_result()?;
    let producer = producer_repo::get(db.conn(), producer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let area = area_of(db.conn(), &producer.commune_id, producer.id).await?;
    check(actor, Act::Prepare, &area)?;
    let content_type = check_evidence(bytes)?;
    // The file first, under its hash: a crash before the commit leaves an unreferenced file.
    let key = files.put(bytes).await?;
    let tx = db.begin_write().await?;
    let row = evidence_document::Model {
        id: Uuid::now_v7(),
        producer_id,
        doc_type: doc_type.to_owned(),
        title,
        file_key: key.clone(),
        content_type: content_type.to_owned(),
        byte_size: bytes.len() as i64,
        sha256: key,
        issued_on,
        expires_on,
        issuer: blank(meta.issuer.as_deref()),
        uploaded_by: Some(actor.user_id.0),
        created_at: ocop_storage::now(),
    };
    dossier_repo::insert_document(&tx, row.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "evidence.upload",
            entity_type: "evidence_document",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "producer_id": row.producer_id, "doc_type": row.doc_type, "title": row.title,
                "sha256": row.sha256, "bytes": row.byte_size, "issued_on": row.issued_on, "expires_on": row.expires_on,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(document_dto(&row, today()))
}

/// A producer's vault, newest first.
pub async fn list(db: &Database, actor: &Actor, producer_id: Uuid) -> ServiceResult<Vec<DocumentDto>> {
    let producer = producer_repo::get(db.conn(), producer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let area = area_of(db.conn(), &producer.commune_id, producer.id).await?;
    check(actor, Act::Read, &area)?;
    let today = today();
    Ok(dossier_repo::vault(db.conn(), producer_id)
        .await?
        .iter()
        .map(|d| document_dto(d, today))
        .collect())
}

/// A document's bytes and type, for whoever may read the producer's records.
pub async fn download(db: &Database, files: &FileStore, actor: &Actor, id: Uuid) -> ServiceResult<(Vec<u8>, String)> {
    let row = dossier_repo::document(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let producer = producer_repo::get(db.conn(), row.producer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let area = area_of(db.conn(), &producer.commune_id, producer.id).await?;
    check(actor, Act::Read, &area)?;
    Ok((files.get(&row.file_key).await?, row.content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_recognised_by_its_bytes() {
        assert_eq!(check_evidence(b"%PDF-1.7\n...").unwrap(), "application/pdf");
        assert_eq!(check_evidence(b"\xFF\xD8\xFF\xE0JFIF").unwrap(), "image/jpeg");
        let exe = check_evidence(b"MZ\x90\0\x03\0\0\0").unwrap_err();
        assert_eq!(exe.code(), ErrorCode::UnsupportedMediaType);
        let html = check_evidence(b"<html>%PDF-</html>").unwrap_err();
        assert_eq!(html.code(), ErrorCode::UnsupportedMediaType);
    }
}
