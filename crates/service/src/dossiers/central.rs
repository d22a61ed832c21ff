//! The central level's part of a dossier, as its page and the API show it: the province's
//! forward (its score and the 4★ certificate of the same decision), the central batch that
//! scores it, and the ministry's result — a 5★ certificate superseding the provincial one, or
//! no recognition at the central level, the product keeping its provincial 4★.

use chrono::{DateTime, NaiveDate, Utc};
use ocop_domain::evaluation::Points;
use ocop_domain::role::{Actor, Role};
use ocop_storage::entities::{batch_dossier, dossier};
use ocop_storage::repo::dossier_repo::{self, DossierQuery};
use ocop_storage::repo::{certificate_repo, council_repo};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{DossierSummary, HistoryEntry, summaries};
use crate::admin_units::today;
use crate::councils::CENTRAL;
use crate::error::{ServiceError, ServiceResult};

/// Whether the actor works the central level's inbox (central officers, administrators).
pub fn may_see_inbox(actor: &Actor) -> bool {
    matches!(actor.role, Role::CentralOfficer | Role::Administrator)
}

/// The central level's inbox: every dossier the provinces forwarded, whatever its state at the
/// central level (waiting for the check, returned, eligible, in a batch, decided), most
/// recently changed first; at most `limit` (1–500).
pub async fn inbox(db: &Database, actor: &Actor, limit: u64) -> ServiceResult<Vec<DossierSummary>> {
    if !may_see_inbox(actor) {
        return Err(ServiceError::Forbidden);
    }
    let query = DossierQuery {
        level: Some(CENTRAL.to_owned()),
        limit: limit.clamp(1, 500),
        ..Default::default()
    };
    let rows = dossier_repo::list(db.conn(), &query).await?.items;
    summaries(db.conn(), rows).await
}

/// A certificate a recognition decision gave the product.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CertificateRef {
    /// The certificate.
    pub id: Uuid,
    /// Its number.
    pub number: String,
    /// Stars.
    pub stars: i32,
    /// Day of issue.
    pub issued_on: NaiveDate,
    /// The issuing body as printed on the decision.
    pub issuer_name: String,
    /// Status today (`valid`, `superseded`, …).
    pub status: String,
}

/// The central level's part of a forwarded dossier.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CentralStep {
    /// When the province's decision forwarded it.
    pub forwarded_at: DateTime<Utc>,
    /// The province council's score.
    #[schema(value_type = Option<f64>)]
    pub province_score: Option<Points>,
    /// The provincial certificate of the same decision (4★), kept when the ministry does not
    /// grant 5★.
    pub province_certificate: Option<CertificateRef>,
    /// The central batch it is scheduled in, once scheduled.
    pub batch_id: Option<Uuid>,
    /// That batch's name.
    pub batch_name: Option<String>,
    /// The central council's score, once closed.
    #[schema(value_type = Option<f64>)]
    pub score: Option<Points>,
    /// The central council's star, once closed.
    pub star: Option<i32>,
    /// `pending`, `recognised` (5★ by the ministry) or `not_recognised` (at the central level).
    pub outcome: String,
    /// The ministry's 5★ certificate.
    pub certificate: Option<CertificateRef>,
}

/// Whether a history entry is the province's forward to the central level (or, before
/// m0013_central_level, the move to `proposed_to_central`).
fn is_forward_to_central(entry: &HistoryEntry) -> bool {
    let to = &entry.to_state;
    to["state"] == "proposed_to_central"
        || (entry.event["event"] == "forward" && to["state"] == "proposed" && to["level"] == "central")
}

/// The certificate a decision gave a product.
async fn certificate_of<C: ConnectionTrait>(
    conn: &C,
    decision_id: Option<Uuid>,
    product_id: Uuid,
) -> ServiceResult<Option<CertificateRef>> {
    let Some(decision_id) = decision_id else {
        return Ok(None);
    };
    let issuer_name = council_repo::decision(conn, decision_id)
        .await?
        .map(|d| d.issuer_name)
        .unwrap_or_default();
    let today = today();
    Ok(certificate_repo::of_decision(conn, decision_id)
        .await?
        .into_iter()
        .find(|c| c.product_id == product_id)
        .map(|c| CertificateRef {
            status: crate::certificates::status_on(&c, today).as_str().to_owned(),
            id: c.id,
            number: c.number,
            stars: c.stars,
            issued_on: c.issued_on,
            issuer_name,
        }))
}

/// The central step of `row`, if the province forwarded it.
pub(crate) async fn step<C: ConnectionTrait>(
    conn: &C,
    row: &dossier::Model,
    history: &[HistoryEntry],
) -> ServiceResult<Option<CentralStep>> {
    let Some(forward) = history.iter().find(|e| is_forward_to_central(e)) else {
        return Ok(None);
    };
    let mut province: Option<(batch_dossier::Model, Option<Uuid>)> = None;
    let mut central: Option<(batch_dossier::Model, Option<Uuid>, String)> = None;
    for bd in council_repo::batches_of_dossier(conn, row.id).await? {
        let Some(batch) = council_repo::batch(conn, bd.batch_id).await? else {
            continue;
        };
        let Some(council) = council_repo::council(conn, batch.council_id).await? else {
            continue;
        };
        if council.level == CENTRAL {
            if central.as_ref().is_none_or(|(c, ..)| c.created_at < bd.created_at) {
                central = Some((bd, batch.decision_id, batch.name));
            }
        } else if bd.route()? == Some(ocop_domain::evaluation::batch::BatchRoute::Forward) {
            province = Some((bd, batch.decision_id));
        }
    }
    let province_certificate = match &province {
        Some((_, decision)) => certificate_of(conn, *decision, row.product_id).await?,
        None => None,
    };
    let certificate = match &central {
        Some((_, decision, _)) => certificate_of(conn, *decision, row.product_id).await?,
        None => None,
    };
    let outcome = match (row.state.as_str(), row.level.as_deref()) {
        ("recognised", Some("central")) => "recognised",
        ("not_recognised", Some("central")) => "not_recognised",
        _ => "pending",
    };
    let points = |x100: Option<i32>| x100.and_then(|s| u32::try_from(s).ok()).map(Points);
    Ok(Some(CentralStep {
        forwarded_at: forward.at,
        province_score: province.as_ref().and_then(|(bd, _)| points(bd.score_x100)),
        province_certificate,
        batch_id: central.as_ref().map(|(bd, ..)| bd.batch_id),
        batch_name: central.as_ref().map(|(.., name)| name.clone()),
        score: central.as_ref().and_then(|(bd, ..)| points(bd.score_x100)),
        star: central.as_ref().and_then(|(bd, ..)| bd.star),
        outcome: outcome.to_owned(),
        certificate,
    }))
}

/// A batch that evaluated a dossier, with its decision and the certificate that decision gave
/// the product: what the dossier page links to ("from decision to certificate").
#[derive(Debug, Clone)]
pub struct Decided {
    /// The batch.
    pub batch_id: Uuid,
    /// Its name.
    pub batch_name: String,
    /// The batch's results decision in force, once issued.
    pub decision_id: Option<Uuid>,
    /// Its number.
    pub decision_number: Option<String>,
    /// Its signing day.
    pub decided_on: Option<NaiveDate>,
    /// The certificate it gave the product, if any.
    pub certificate: Option<CertificateRef>,
    /// That certificate's public verification code (`/v/{code}`).
    pub verification_code: Option<String>,
    /// The council's score (×100) in this batch, once closed.
    pub score_x100: Option<i32>,
    /// The council's star in this batch, once closed.
    pub star: Option<i32>,
}

/// The batches that evaluated the dossier `detail` (obtained through [`super::get`], so its
/// reader may see it), oldest first, with their decisions and certificates.
pub async fn decided(db: &Database, detail: &super::DossierDetail) -> ServiceResult<Vec<Decided>> {
    let conn = db.conn();
    let mut out = Vec::new();
    for bd in council_repo::batches_of_dossier(conn, detail.summary.id).await? {
        let Some(batch) = council_repo::batch(conn, bd.batch_id).await? else {
            continue;
        };
        let decision = match batch.decision_id {
            Some(id) => council_repo::decision(conn, id).await?,
            None => None,
        };
        let certificate = certificate_of(conn, batch.decision_id, detail.summary.product_id).await?;
        let verification_code = match &certificate {
            Some(c) => certificate_repo::get(conn, c.id).await?.map(|c| c.verification_code),
            None => None,
        };
        out.push(Decided {
            batch_id: batch.id,
            batch_name: batch.name,
            decision_id: batch.decision_id,
            decision_number: decision.as_ref().map(|d| d.number.clone()),
            decided_on: decision.as_ref().map(|d| d.decided_on),
            certificate,
            verification_code,
            score_x100: bd.score_x100,
            star: bd.star,
        });
    }
    Ok(out)
}
