//! Disqualifiers found (điều kiện hồ sơ bị loại): while a dossier is being scored, the chair
//! (or a manager) records which disqualifiers of the dossier's criteria set the council found,
//! each with a note. Closing passes their codes to the scoring engine, so the dossier closes not
//! recognised; the minutes and the result table name them.

use std::collections::BTreeSet;

use ocop_domain::ErrorCode;
use ocop_domain::ValidationErrors;
use ocop_domain::evaluation::CriteriaSet;
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::batch_disqualifier;
use ocop_storage::repo::{council_repo, dossier_repo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::batches::{BatchDto, load};
use super::{is_chair, manages};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};
use crate::typed_text::{Lines, cleaned};

/// The longest note kept for one disqualifier.
pub const MAX_NOTE: usize = 2_000;

/// `POST /api/v1/batches/{id}/dossiers/{dossier_id}/disqualifiers`: what the council found,
/// replacing what was recorded before (an empty list clears it).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DisqualifiersInput {
    /// The disqualifiers found.
    pub found: Vec<FoundInput>,
}

/// One disqualifier found.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FoundInput {
    /// Its code in the dossier's criteria set.
    pub code: String,
    /// Why the council found it (required).
    pub note: String,
}

/// A disqualifier of a dossier's criteria set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DisqualifierOption {
    /// Code.
    pub code: String,
    /// Wording.
    pub text: String,
}

/// A disqualifier found for a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FoundDto {
    /// Code.
    pub code: String,
    /// Wording, from the dossier's criteria set.
    pub text: String,
    /// The council's note.
    pub note: String,
    /// When it was recorded.
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

/// The disqualifiers of a criteria set, as offered to the council.
pub fn options(set: &CriteriaSet) -> Vec<DisqualifierOption> {
    set.disqualifiers
        .iter()
        .map(|d| DisqualifierOption {
            code: d.code.clone(),
            text: d.text.clone(),
        })
        .collect()
}

/// A stored finding with the set's wording.
pub fn found_dto(set: &CriteriaSet, row: &batch_disqualifier::Model) -> FoundDto {
    FoundDto {
        code: row.code.clone(),
        text: set
            .disqualifiers
            .iter()
            .find(|d| d.code == row.code)
            .map(|d| d.text.clone())
            .unwrap_or_default(),
        note: row.note.clone(),
        recorded_at: row.recorded_at,
    }
}

/// Checks the input against the set: known codes, each once, each with a note.
fn parse(set: &CriteriaSet, input: &DisqualifiersInput) -> Result<Vec<(String, String)>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, found) in input.found.iter().enumerate() {
        let code = found.code.trim();
        let note = &cleaned(&mut errors, &format!("found[{i}].note"), &found.note, Lines::Multi);
        if !set.disqualifiers.iter().any(|d| d.code == code) || !seen.insert(code.to_owned()) {
            errors.add(&format!("found[{i}].code"), ErrorCode::InvalidChoice);
        }
        if note.is_empty() {
            errors.add(&format!("found[{i}].note"), ErrorCode::Required);
        } else if note.chars().count() > MAX_NOTE {
            errors.add(&format!("found[{i}].note"), ErrorCode::TooLong);
        }
        out.push((code.to_owned(), note.to_owned()));
    }
    errors.into_result().map(|()| out)
}

/// Records the disqualifiers found for a dossier being scored (the chair or a manager); only
/// codes of the dossier's criteria set; audited with what was recorded before.
pub async fn record(
    db: &Database,
    actor: &Actor,
    batch_id: Uuid,
    dossier_id: Uuid,
    input: &DisqualifiersInput,
) -> ServiceResult<BatchDto> {
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, batch_id).await?;
    if !(is_chair(actor, &l.members) || manages(actor, &l.council.province_code)) {
        return Err(ServiceError::Forbidden);
    }
    let bd = council_repo::batch_dossier(&tx, batch_id, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    bd.state()?.record_disqualifiers()?;
    let d = dossier_repo::get(&tx, dossier_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (set, _) = super::scoring::criteria_of(&tx, &d).await?;
    let found = parse(&set, input)?;
    let before: Vec<batch_disqualifier::Model> = council_repo::disqualifiers(&tx, batch_id)
        .await?
        .into_iter()
        .filter(|r| r.dossier_id == dossier_id)
        .collect();
    let now = ocop_storage::now();
    let rows: Vec<batch_disqualifier::Model> = found
        .into_iter()
        .map(|(code, note)| batch_disqualifier::Model {
            id: Uuid::now_v7(),
            batch_id,
            dossier_id,
            code,
            note,
            recorded_by: actor.user_id.0,
            recorded_at: now,
        })
        .collect();
    council_repo::replace_disqualifiers(&tx, batch_id, dossier_id, rows.clone()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "batch.disqualifiers",
            entity_type: "batch_dossier",
            entity_id: format!("{batch_id}/{dossier_id}"),
            before: Some(serde_json::to_value(&before).unwrap_or_default()),
            after: Some(serde_json::to_value(&rows).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    super::batches::get(db, actor, batch_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_domain::evaluation::criteria::Disqualifier;

    fn set() -> CriteriaSet {
        let mut set = CriteriaSet::qd1048_fresh_produce();
        set.disqualifiers = vec![
            Disqualifier {
                code: "L1".into(),
                text: "Sản phẩm giả mạo, vi phạm sở hữu trí tuệ".into(),
            },
            Disqualifier {
                code: "L2".into(),
                text: "Hồ sơ khai không trung thực".into(),
            },
        ];
        set
    }

    fn found(code: &str, note: &str) -> FoundInput {
        FoundInput {
            code: code.into(),
            note: note.into(),
        }
    }

    #[test]
    fn only_codes_of_the_set_each_once_and_each_with_a_note() {
        let ok = parse(
            &set(),
            &DisqualifiersInput {
                found: vec![found(" L2 ", " Giấy chứng nhận ATTP giả ")],
            },
        )
        .unwrap();
        assert_eq!(ok, vec![("L2".to_owned(), "Giấy chứng nhận ATTP giả".to_owned())]);
        let bad = parse(
            &set(),
            &DisqualifiersInput {
                found: vec![
                    found("L9", "x"),
                    found("L1", " "),
                    found("L1", &"x".repeat(MAX_NOTE + 1)),
                ],
            },
        )
        .unwrap_err();
        let fields: Vec<(String, ErrorCode)> = bad.fields.iter().map(|f| (f.field.clone(), f.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("found[0].code".to_owned(), ErrorCode::InvalidChoice),
                ("found[1].note".to_owned(), ErrorCode::Required),
                ("found[2].code".to_owned(), ErrorCode::InvalidChoice),
                ("found[2].note".to_owned(), ErrorCode::TooLong),
            ]
        );
        assert!(parse(&set(), &DisqualifiersInput::default()).unwrap().is_empty());
    }
}
