//! What each role lands on after login: its own work, not the public front page.
//!
//! - a producer (chủ thể): its products, its dossiers with their state and whom they wait for
//!   (returned ones first, with the reasons given), its certificates with their expiry;
//! - commune, province and central officers and administrators: their inbox, by stage — the
//!   dossier states waiting for the role's step ([`inbox_states`], also the `/dossiers` inbox);
//! - council members and secretaries: the batches of the councils they sit on and, for a scoring
//!   seat, the dossiers still to score.
//!
//! Read only; every list goes through the same access rules as its own page.

use chrono::NaiveDate;
use ocop_domain::evaluation::scoring::CouncilRole;
use ocop_domain::role::{Actor, Role, Scope};
use ocop_storage::Database;
use ocop_storage::repo::certificate_repo::{self, CertificateQuery};
use ocop_storage::repo::product_repo::ProductQuery;
use uuid::Uuid;

use crate::admin_units::today;
use crate::certificates::{CertificateDto, views};
use crate::councils::{MemberRole, batches};
use crate::dossiers::{self, DossierListParams, DossierSummary};
use crate::error::ServiceResult;
use crate::products::{self, ProductListParams, ProductSummary};

/// Rows shown per stage of an inbox (the stage links to the whole list).
pub const STAGE_ROWS: u64 = 5;

/// Whose move a dossier waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitingFor {
    /// The producer: to complete and submit a draft.
    ProducerToSubmit,
    /// The producer: to supplement what was returned and resubmit.
    ProducerToSupplement,
    /// The commune officer: to receive, check and report.
    Commune,
    /// The province's (or the ministry's) advisory team: to check the dossier.
    Check,
    /// The evaluation council: to be scheduled and scored.
    Council,
    /// The recognition decision.
    Decision,
    /// Nothing: the evaluation is over.
    Nobody,
}

impl WaitingFor {
    /// Whose move a dossier in `state` waits for (the stored state code).
    pub fn of(state: &str) -> Self {
        match state {
            "draft" => Self::ProducerToSubmit,
            "returned_by_commune" | "returned" => Self::ProducerToSupplement,
            "submitted" | "resubmitted" | "commune_review" | "commune_report" => Self::Commune,
            "proposed" | "check" => Self::Check,
            "eligible" | "scheduled" | "scoring" => Self::Council,
            "scored" => Self::Decision,
            _ => Self::Nobody,
        }
    }

    /// What the producer reads, in Vietnamese and English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::ProducerToSubmit => (
                "Chờ bạn hoàn thiện và nộp hồ sơ",
                "Waiting for you to complete and submit it",
            ),
            Self::ProducerToSupplement => (
                "Chờ bạn bổ sung theo lý do trả lại và nộp lại",
                "Waiting for you to supplement it and submit it again",
            ),
            Self::Commune => (
                "Chờ UBND xã tiếp nhận, xem xét và báo cáo",
                "Waiting for the commune to receive, review and report",
            ),
            Self::Check => ("Chờ tổ tư vấn kiểm tra hồ sơ", "Waiting for the advisory team's check"),
            Self::Council => ("Chờ hội đồng đánh giá chấm điểm", "Waiting for the council to score it"),
            Self::Decision => ("Chờ quyết định công nhận", "Waiting for the recognition decision"),
            Self::Nobody => ("Đã có kết quả", "Decided"),
        }
    }

    /// True when the producer must act.
    pub fn on_producer(self) -> bool {
        matches!(self, Self::ProducerToSubmit | Self::ProducerToSupplement)
    }
}

/// The dossier states waiting for this role's step, in the order of the workflow: the inbox.
pub fn inbox_states(role: Role) -> &'static [&'static str] {
    match role {
        Role::Producer => &["draft", "returned_by_commune", "returned"],
        Role::CommuneOfficer => &["submitted", "resubmitted", "commune_review", "commune_report"],
        Role::ProvinceOfficer => &["proposed", "check"],
        Role::CentralOfficer => &["proposed", "check", "eligible"],
        _ => &[
            "submitted",
            "resubmitted",
            "commune_review",
            "commune_report",
            "proposed",
            "check",
        ],
    }
}

/// The level of the dossiers in this role's inbox: a province officer's leaves out the dossiers
/// its province forwarded to the central level, a central officer's holds only those.
pub fn inbox_level(role: Role) -> Option<&'static str> {
    match role {
        Role::ProvinceOfficer => Some("province"),
        Role::CentralOfficer => Some("central"),
        _ => None,
    }
}

/// A producer's dossier with whose move it waits for.
#[derive(Debug, Clone)]
pub struct DossierWork {
    /// The dossier.
    pub summary: DossierSummary,
    /// Whose move it waits for.
    pub waiting_for: WaitingFor,
    /// For a returned dossier: the reasons of the last return, as written.
    pub reasons: Vec<String>,
}

/// A producer's home.
#[derive(Debug, Clone)]
pub struct ProducerHome {
    /// Its products.
    pub products: Vec<ProductSummary>,
    /// Its dossiers: returned ones first, then the others waiting for it, then the rest.
    pub dossiers: Vec<DossierWork>,
    /// Its certificates not replaced by a later one, newest first, with their status today.
    pub certificates: Vec<CertificateDto>,
}

/// One stage of an officer's inbox.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The state code.
    pub state: &'static str,
    /// Dossiers in it (all of them).
    pub total: u64,
    /// The first few.
    pub dossiers: Vec<DossierSummary>,
}

/// An officer's home: the inbox by stage.
#[derive(Debug, Clone)]
pub struct OfficerHome {
    /// The stages, in the order of the workflow (empty ones included).
    pub stages: Vec<Stage>,
    /// The level filter the inbox uses (`province`, `central`).
    pub level: Option<&'static str>,
}

/// A dossier a council member still has to score.
#[derive(Debug, Clone)]
pub struct ToScore {
    /// The dossier.
    pub dossier_id: Uuid,
    /// Product name.
    pub product_name: String,
    /// Producer name.
    pub producer_name: String,
    /// True when the member's sheet is started but not submitted.
    pub started: bool,
}

/// A batch as a council member sees it on its home.
#[derive(Debug, Clone)]
pub struct MemberBatch {
    /// The batch.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The council.
    pub council_name: String,
    /// Meeting day.
    pub meeting_on: NaiveDate,
    /// Where the batch stands.
    pub status: ocop_domain::evaluation::batch::BatchState,
    /// Dossiers in the batch.
    pub dossiers: usize,
    /// True when the caller holds a scoring seat (chair, vice chair, member) on its council.
    pub scores: bool,
    /// The dossiers open for scoring that the caller has not submitted a sheet for.
    pub to_score: Vec<ToScore>,
}

/// A council member's home.
#[derive(Debug, Clone)]
pub struct CouncilHome {
    /// Batches still open (planned or scoring) first, by meeting day, then the others.
    pub batches: Vec<MemberBatch>,
}

/// What the actor lands on.
#[derive(Debug, Clone)]
pub enum Home {
    /// A producer's own work.
    Producer(ProducerHome),
    /// An officer's (or administrator's) inbox.
    Officer(OfficerHome),
    /// A council member's or secretary's batches.
    Council(CouncilHome),
}

/// The home of `actor`.
pub async fn home(db: &Database, actor: &Actor) -> ServiceResult<Home> {
    match actor.role {
        Role::Producer => Ok(Home::Producer(producer_home(db, actor).await?)),
        Role::CouncilMember | Role::CouncilSecretary => Ok(Home::Council(council_home(db, actor).await?)),
        _ => Ok(Home::Officer(officer_home(db, actor).await?)),
    }
}

/// The product list params that show a producer only its own products (none for other roles).
pub fn own_products(actor: &Actor) -> Option<Uuid> {
    match (&actor.role, &actor.scope) {
        (Role::Producer, Scope::Producer { producer_id }) => Some(producer_id.0),
        _ => None,
    }
}

async fn producer_home(db: &Database, actor: &Actor) -> ServiceResult<ProducerHome> {
    let producer_id = own_products(actor).ok_or(crate::ServiceError::Forbidden)?;
    let products = products::list(
        db,
        &ProductListParams {
            producer: Some(producer_id),
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?
    .items;
    let listed = dossiers::list(
        db,
        actor,
        &DossierListParams {
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?
    .items;
    let mut work = Vec::with_capacity(listed.len());
    for summary in listed {
        let waiting_for = WaitingFor::of(&summary.state);
        let reasons = if waiting_for == WaitingFor::ProducerToSupplement {
            last_return_reasons(db, actor, summary.id).await?
        } else {
            Vec::new()
        };
        work.push(DossierWork {
            summary,
            waiting_for,
            reasons,
        });
    }
    // Returned first, then drafts, then the rest; the list's own order (newest change first)
    // within each.
    work.sort_by_key(|w| match w.waiting_for {
        WaitingFor::ProducerToSupplement => 0,
        WaitingFor::ProducerToSubmit => 1,
        _ => 2,
    });
    let query = CertificateQuery {
        product: ProductQuery {
            producer_id: Some(producer_id),
            ..Default::default()
        },
        current_only: true,
        limit: 200,
        ..Default::default()
    };
    let rows = certificate_repo::list(db.conn(), &query).await?.items;
    let mut certificates = views(db.conn(), rows, today()).await?;
    certificates.sort_by(|a, b| b.issued_on.cmp(&a.issued_on).then(a.number.cmp(&b.number)));
    Ok(ProducerHome {
        products,
        dossiers: work,
        certificates,
    })
}

/// The reasons of a dossier's last return, from its history.
pub async fn last_return_reasons(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<Vec<String>> {
    let detail = dossiers::get(db, actor, id).await?;
    Ok(return_reasons(&detail.history))
}

/// The reasons of the last return in a history (oldest first), as written.
pub fn return_reasons(history: &[dossiers::HistoryEntry]) -> Vec<String> {
    history
        .iter()
        .rev()
        .find(|h| matches!(h.event["event"].as_str(), Some("return_by_commune" | "return")))
        .map(|h| {
            h.event["reasons"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r.as_str())
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

async fn officer_home(db: &Database, actor: &Actor) -> ServiceResult<OfficerHome> {
    let level = inbox_level(actor.role);
    let mut stages = Vec::new();
    for state in inbox_states(actor.role) {
        let page = dossiers::list(
            db,
            actor,
            &DossierListParams {
                state: Some((*state).to_owned()),
                level: level.map(str::to_owned),
                limit: Some(STAGE_ROWS),
                ..Default::default()
            },
        )
        .await?;
        stages.push(Stage {
            state,
            total: page.total,
            dossiers: page.items,
        });
    }
    Ok(OfficerHome { stages, level })
}

async fn council_home(db: &Database, actor: &Actor) -> ServiceResult<CouncilHome> {
    let mut out = Vec::new();
    for listed in batches::list(db, actor).await? {
        let open = matches!(listed.status.as_str(), "planned" | "scoring");
        let batch = if open {
            batches::get(db, actor, listed.id).await?
        } else {
            listed
        };
        let scores = batch
            .my_member_id
            .and_then(|me| batch.members.iter().find(|m| m.id == me))
            .and_then(|m| MemberRole::parse(&m.role).ok())
            .is_some_and(|r| {
                matches!(
                    r,
                    MemberRole::Council(CouncilRole::Chair | CouncilRole::ViceChair | CouncilRole::Member)
                )
            });
        let to_score = if scores {
            batch
                .dossiers
                .iter()
                .filter(|d| {
                    d.status == ocop_domain::evaluation::batch::BatchDossierState::Scoring
                        && matches!(d.my_sheet.as_str(), "none" | "draft")
                })
                .map(|d| ToScore {
                    dossier_id: d.dossier_id,
                    product_name: d.product_name.clone(),
                    producer_name: d.producer_name.clone(),
                    started: d.my_sheet == "draft",
                })
                .collect()
        } else {
            Vec::new()
        };
        out.push(MemberBatch {
            id: batch.id,
            name: batch.name,
            council_name: batch.council_name,
            meeting_on: batch.meeting_on,
            status: batch.status,
            dossiers: batch.dossiers.len(),
            scores,
            to_score,
        });
    }
    out.sort_by_key(|b| {
        use ocop_domain::evaluation::batch::BatchState;
        (
            !matches!(b.status, BatchState::Planned | BatchState::Scoring),
            b.meeting_on,
        )
    });
    Ok(CouncilHome { batches: out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(seq: i32, event: serde_json::Value) -> dossiers::HistoryEntry {
        dossiers::HistoryEntry {
            seq,
            event,
            from_state: json!({}),
            to_state: json!({}),
            actor_name: "xa.camxuyen".into(),
            at: chrono::Utc::now(),
            note: None,
        }
    }

    #[test]
    fn a_returned_dossier_waits_for_its_producer() {
        assert_eq!(WaitingFor::of("returned_by_commune"), WaitingFor::ProducerToSupplement);
        assert_eq!(WaitingFor::of("returned"), WaitingFor::ProducerToSupplement);
        assert_eq!(WaitingFor::of("draft"), WaitingFor::ProducerToSubmit);
        assert_eq!(WaitingFor::of("check"), WaitingFor::Check);
        assert_eq!(WaitingFor::of("recognised"), WaitingFor::Nobody);
        assert!(WaitingFor::of("returned").on_producer());
        assert!(!WaitingFor::of("scoring").on_producer());
    }

    #[test]
    fn the_reasons_shown_are_those_of_the_last_return() {
        let history = [
            entry(1, json!({"event": "submit"})),
            entry(2, json!({"event": "return_by_commune", "reasons": ["Thiếu Mẫu 01"]})),
            entry(3, json!({"event": "resubmit"})),
            entry(
                4,
                json!({"event": "return", "reasons": ["Thiếu phiếu kiểm nghiệm", " "]}),
            ),
        ];
        assert_eq!(return_reasons(&history), ["Thiếu phiếu kiểm nghiệm"]);
        assert!(return_reasons(&history[..1]).is_empty());
    }
}
