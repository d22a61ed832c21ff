//! Suspension (tạm đình chỉ) and revocation (thu hồi) of a certificate, and
//! reading one.

use ocop_domain::ErrorCode;
use ocop_domain::certificate::input::{RevocationInput, SuspensionInput};
use ocop_domain::certificate::{IssuerLevel, authority};
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::certificate;
use ocop_storage::repo::certificate_repo;
use uuid::Uuid;

use super::{CertificateDto, decision_row, facts, issuer_of, snapshot, views};
use crate::admin_units::today;
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// One certificate with its status today.
pub async fn get(db: &Database, id: Uuid) -> ServiceResult<CertificateDto> {
    let row = certificate_repo::get(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    views(db.conn(), vec![row], today())
        .await?
        .pop()
        .ok_or(ServiceError::NotFound)
}

/// Loads a certificate in the transaction and checks the actor acts for the body that issued
/// it (`certificate::authority`); returns it with the issuer's level.
async fn load_managed(
    tx: &ocop_storage::DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<(certificate::Model, IssuerLevel)> {
    let row = certificate_repo::get(tx, id).await?.ok_or(ServiceError::NotFound)?;
    let (level, provinces) = issuer_of(tx, &row).await?;
    authority::check(level, &provinces, actor).map_err(ServiceError::Coded)?;
    Ok((row, level))
}

/// Writes a changed certificate and its audit entry inside the caller's transaction.
async fn write(
    tx: &ocop_storage::DatabaseTransaction,
    actor: &Actor,
    action: &'static str,
    before: &certificate::Model,
    after: certificate::Model,
) -> ServiceResult<()> {
    if !certificate_repo::update(tx, after.clone(), before.row_version).await? {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    audit::append_with_state(
        tx,
        AuditEvent {
            actor: &audit_actor(actor),
            action,
            entity_type: "certificate",
            entity_id: after.id.to_string(),
            before: Some(snapshot(before)),
            after: Some(snapshot(&after)),
        },
        &snapshot(&after),
    )
    .await?;
    Ok(())
}

fn transition_error(e: ocop_domain::certificate::InvalidTransition) -> ServiceError {
    ServiceError::Conflict(e.into())
}

/// Suspends a certificate from a day.
pub async fn suspend(db: &Database, actor: &Actor, id: Uuid, input: &SuspensionInput) -> ServiceResult<CertificateDto> {
    let (on, note) = input.parse()?;
    let tx = db.begin_write().await?;
    suspend_in(&tx, actor, id, on, note).await?;
    tx.commit().await?;
    get(db, id).await
}

/// [`suspend`] inside the caller's transaction (an oversight decision closing its finding).
pub(crate) async fn suspend_in(
    tx: &ocop_storage::DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
    on: chrono::NaiveDate,
    note: Option<String>,
) -> ServiceResult<()> {
    let (before, _) = load_managed(tx, actor, id).await?;
    let next = facts(&before).suspend(on).map_err(transition_error)?;
    let after = certificate::Model {
        suspended_on: next.suspended_on,
        suspension_note: note,
        row_version: before.row_version + 1,
        ..before.clone()
    };
    write(tx, actor, "certificate.suspend", &before, after).await
}

/// Revokes a certificate by a revocation decision, on one of the listed grounds.
pub async fn revoke(db: &Database, actor: &Actor, id: Uuid, input: &RevocationInput) -> ServiceResult<CertificateDto> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    revoke_in(&tx, actor, id, &draft).await?;
    tx.commit().await?;
    get(db, id).await
}

/// [`revoke`] inside the caller's transaction (an oversight decision closing its finding).
pub(crate) async fn revoke_in(
    tx: &ocop_storage::DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
    draft: &ocop_domain::certificate::input::RevocationDraft,
) -> ServiceResult<()> {
    let (before, issuer) = load_managed(tx, actor, id).await?;
    let next = facts(&before).revoke(draft.decided_on).map_err(transition_error)?;
    // The issuer revokes: the ministry its own, the province the province's and (districts
    // being gone) a former district's.
    let level = match issuer {
        IssuerLevel::Ministry => IssuerLevel::Ministry,
        IssuerLevel::Province | IssuerLevel::District => IssuerLevel::Province,
    };
    let decision = decision_row(
        tx,
        "revoke",
        &draft.decision_number,
        draft.decided_on,
        &draft.issuer_name,
        level.as_str(),
        None,
        None,
    )
    .await?;
    let after = certificate::Model {
        revoked_on: next.revoked_on,
        revocation_ground: Some(draft.ground.as_str().to_owned()),
        revocation_text: draft.ground_text.clone(),
        revocation_decision_id: Some(decision.id),
        row_version: before.row_version + 1,
        ..before.clone()
    };
    write(tx, actor, "certificate.revoke", &before, after).await
}
