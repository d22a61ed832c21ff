//! A wrong results decision withdrawn by the authority that issued it (thu hồi quyết định) and
//! re-issued: both stay in the batch's history (`batch_decision`).
//!
//! Withdrawing revokes every certificate the decision issued (through the certificate
//! lifecycle's revoke transition: revoked from the withdrawal day, ground `other` with the
//! withdrawal in words, the withdrawal decision as the revoking decision), returns the batch to
//! `withdrawn` and frees it for a new decision. The dossiers keep the route the council's
//! results gave them; the re-issued decision (`batches::recognise` on a withdrawn batch) gives
//! the same ratings new certificates under the new number.

use chrono::NaiveDate;
use ocop_domain::certificate::RevocationGround;
use ocop_domain::role::{Actor, Role};
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{batch, batch_decision, certificate, decision};
use ocop_storage::repo::{certificate_repo, council_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::batches::{BatchDto, get, load, require_manage, save_batch};
use crate::admin_units::today;
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};
use crate::typed_text::{Lines, cleaned};

/// `POST /api/v1/batches/{id}/withdraw-decision`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct WithdrawInput {
    /// The withdrawal decision's number, e.g. `2400/QĐ-UBND`.
    pub number: String,
    /// Its signing day: not before the withdrawn decision, not after today.
    pub decided_on: Option<NaiveDate>,
    /// What was wrong.
    pub reason: String,
}

/// A results decision of a batch, as the history shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionRecordDto {
    /// The decision.
    pub decision_id: Uuid,
    /// Its number.
    pub number: String,
    /// Its signing day.
    pub decided_on: NaiveDate,
    /// The issuing body.
    pub issuer_name: String,
    /// When it was recorded.
    pub issued_at: chrono::DateTime<chrono::Utc>,
    /// The day it was withdrawn, if it was.
    pub withdrawn_on: Option<NaiveDate>,
    /// The withdrawal decision's number.
    pub withdrawal_number: Option<String>,
    /// Why.
    pub withdrawal_reason: Option<String>,
}

/// The batch's decisions, the first first.
pub(crate) async fn history<C: ConnectionTrait>(conn: &C, batch_id: Uuid) -> ServiceResult<Vec<DecisionRecordDto>> {
    let rows = council_repo::batch_decisions(conn, batch_id).await?;
    let ids: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| [Some(r.decision_id), r.withdrawal_decision_id])
        .flatten()
        .collect();
    let decisions = certificate_repo::decisions(conn, &ids).await?;
    let find = |id: Uuid| decisions.iter().find(|d| d.id == id);
    let mut out = Vec::new();
    for r in rows {
        let d = find(r.decision_id).ok_or_else(|| ServiceError::Internal("batch decision missing".into()))?;
        out.push(DecisionRecordDto {
            decision_id: d.id,
            number: d.number.clone(),
            decided_on: d.decided_on,
            issuer_name: d.issuer_name.clone(),
            issued_at: r.issued_at,
            withdrawn_on: r.withdrawn_on,
            withdrawal_number: r.withdrawal_decision_id.and_then(find).map(|w| w.number.clone()),
            withdrawal_reason: r.withdrawal_reason,
        });
    }
    Ok(out)
}

/// Records a decision issued for a batch.
pub(crate) async fn record_issue<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    batch_id: Uuid,
    decision_id: Uuid,
) -> ServiceResult<()> {
    // A decision once withdrawn is not issued again under the same number and day.
    if council_repo::batch_decisions(conn, batch_id)
        .await?
        .iter()
        .any(|r| r.decision_id == decision_id)
    {
        return Err(ServiceError::field("decision.number", ErrorCode::Conflict));
    }
    let row = batch_decision::Model {
        id: Uuid::now_v7(),
        batch_id,
        decision_id,
        issued_by: actor.user_id.0,
        issued_at: ocop_storage::now(),
        withdrawn_on: None,
        withdrawal_decision_id: None,
        withdrawal_reason: None,
        withdrawn_by: None,
    };
    council_repo::insert(conn, batch_decision::ActiveModel::from(row)).await?;
    Ok(())
}

/// Whether the actor belongs to the authority that issued `d`: the province (its officers,
/// administrators) or the ministry (central officers, administrators).
fn of_issuer(actor: &Actor, d: &decision::Model) -> bool {
    match actor.role {
        Role::Administrator => true,
        Role::CentralOfficer => d.issuer_level == "ministry",
        Role::ProvinceOfficer => d.issuer_level != "ministry",
        _ => false,
    }
}

/// Withdraws the batch's results decision (its issuing authority): the certificates it issued
/// are revoked, the batch waits for a new decision, the withdrawn one stays in the history.
pub async fn withdraw(db: &Database, actor: &Actor, id: Uuid, input: &WithdrawInput) -> ServiceResult<BatchDto> {
    let mut errors = ValidationErrors::new();
    let number = cleaned(&mut errors, "number", &input.number, Lines::Single);
    let reason = cleaned(&mut errors, "reason", &input.reason, Lines::Multi);
    if number.is_empty() {
        errors.add("number", ErrorCode::Required);
    } else if number.chars().count() > 60 {
        errors.add("number", ErrorCode::TooLong);
    }
    if reason.is_empty() {
        errors.add("reason", ErrorCode::Required);
    } else if reason.chars().count() > 2_000 {
        errors.add("reason", ErrorCode::TooLong);
    }
    match input.decided_on {
        None => errors.add("decided_on", ErrorCode::Required),
        Some(day) if day > today() => errors.add("decided_on", ErrorCode::DecisionInFuture),
        Some(_) => {}
    }
    errors.into_result()?;
    let decided_on = input.decided_on.expect("checked above");
    let tx = db.begin_write().await?;
    let l = load(&tx, actor, id).await?;
    require_manage(actor, &l)?;
    let withdrawn_state = l.batch.state()?.withdraw()?;
    let decision_id = l
        .batch
        .decision_id
        .ok_or(ServiceError::Conflict(ErrorCode::BatchState))?;
    let decision = council_repo::decision(&tx, decision_id)
        .await?
        .ok_or_else(|| ServiceError::Internal("batch decision missing".into()))?;
    if !of_issuer(actor, &decision) {
        return Err(ServiceError::Forbidden);
    }
    if decided_on < decision.decided_on {
        return Err(ServiceError::field("decided_on", ErrorCode::DateOrder));
    }
    let withdrawal = crate::certificates::decision_row(
        &tx,
        "revoke",
        &number,
        decided_on,
        &decision.issuer_name,
        &decision.issuer_level,
        None,
        None,
    )
    .await?;
    let text = format!(
        "Quyết định công nhận số {} ngày {} bị thu hồi: {reason}",
        decision.number,
        decision.decided_on.format("%d/%m/%Y")
    );
    for before in certificate_repo::of_decision(&tx, decision_id).await? {
        let facts = crate::certificates::facts(&before).revoke(decided_on).map_err(|e| {
            let code: ErrorCode = e.into();
            ServiceError::Conflict(code)
        })?;
        let after = certificate::Model {
            revoked_on: facts.revoked_on,
            revocation_ground: Some(RevocationGround::Other.as_str().to_owned()),
            revocation_text: Some(text.clone()),
            revocation_decision_id: Some(withdrawal.id),
            row_version: before.row_version + 1,
            ..before.clone()
        };
        if !certificate_repo::update(&tx, after.clone(), before.row_version).await? {
            return Err(ServiceError::Conflict(ErrorCode::Conflict));
        }
        audit::append(
            &tx,
            AuditEvent {
                actor: &audit_actor(actor),
                action: "certificate.revoke",
                entity_type: "certificate",
                entity_id: after.id.to_string(),
                before: Some(serde_json::to_value(&before).unwrap_or_default()),
                after: Some(serde_json::to_value(&after).unwrap_or_default()),
            },
        )
        .await?;
    }
    let record = council_repo::batch_decisions(&tx, id)
        .await?
        .into_iter()
        .find(|r| r.decision_id == decision_id && r.withdrawn_on.is_none())
        .ok_or_else(|| ServiceError::Internal("batch decision not recorded".into()))?;
    let withdrawn = batch_decision::Model {
        withdrawn_on: Some(decided_on),
        withdrawal_decision_id: Some(withdrawal.id),
        withdrawal_reason: Some(reason),
        withdrawn_by: Some(actor.user_id.0),
        ..record.clone()
    };
    if !council_repo::withdraw_batch_decision(&tx, &withdrawn).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action: "batch.withdraw_decision",
            entity_type: "batch_decision",
            entity_id: withdrawn.id.to_string(),
            before: Some(serde_json::to_value(&record).unwrap_or_default()),
            after: Some(serde_json::to_value(&withdrawn).unwrap_or_default()),
        },
    )
    .await?;
    let after = batch::Model {
        status: withdrawn_state.as_str().to_owned(),
        decision_id: None,
        ..l.batch.clone()
    };
    save_batch(&tx, actor, "batch.withdraw", &l.batch, after).await?;
    tx.commit().await?;
    get(db, actor, id).await
}
