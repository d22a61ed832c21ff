//! Evaluation dossiers for the demo, each on the published sheet of its product set under the
//! basis of its submission date (a marked sample sheet, "Bộ tiêu chí mẫu — không phải văn bản
//! chính thức", where no official one exists), of the kind its certificates allow: the Phú Sang producer's products and the first products
//! of Hà Tĩnh, cycling through every state before the council — draft, submitted, in commune
//! review, returned by the commune, commune report issued, proposed, being checked, returned
//! by the province and eligible (a quarter of them, so the councils have dossiers to schedule).
//! The Phú Sang producer's dossier comes first and waits for the commune (in review at Thiên
//! Cầm, whose officer is `xa.thiencam`): the browser test proposes it through the pages and
//! the province schedules it into the demo batch.
//!
//! Each history is made by applying the domain events in order, so every stored state is one
//! the state machine reaches; ids and choices are derived from stable keys. Submission dates
//! are relative to today.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ocop_domain::evaluation::dossier::{Dossier, DossierState, Event};
use ocop_domain::evaluation::preconditions;
use ocop_domain::evaluation::routing::DossierKind;
use ocop_domain::evaluation::{CriteriaSet, LegalBases};
use ocop_storage::ConnectionTrait;
use ocop_storage::entities::dossier::{self, StateColumns};
use ocop_storage::entities::dossier_event;
use ocop_storage::repo::dossier_repo;

use super::published::PHU_SANG_KEY;
use super::rng::{demo_uuid, hash64};
use super::spec::ProductSpec;
use crate::admin_units::places;
use crate::dossiers::sheet;
use crate::dossiers::workflow::Facts;
use crate::error::{ServiceError, ServiceResult};

/// The states the demo cycles through (before the council), with how far each goes.
const STATES: [&str; 12] = [
    "commune_review",
    "draft",
    "submitted",
    "commune_review",
    "eligible",
    "returned_by_commune",
    "commune_report",
    "proposed",
    "eligible",
    "check",
    "returned",
    "eligible",
];

/// How many dossiers the demo makes.
const COUNT: usize = 24;

fn events_to(target: &str, on: NaiveDate) -> Vec<Event> {
    let all_four: Vec<String> = LegalBases::official()
        .commune_criteria
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let path = [
        ("submitted", Event::Submit { on }),
        ("commune_review", Event::Receive),
        (
            "commune_report",
            Event::IssueCommuneReport {
                assessed: all_four.clone(),
            },
        ),
        ("proposed", Event::Propose),
        ("check", Event::StartCheck),
        ("eligible", Event::FindEligible),
    ];
    match target {
        "draft" => Vec::new(),
        "returned_by_commune" => vec![
            Event::Submit { on },
            Event::Receive,
            Event::ReturnByCommune {
                reasons: vec!["Thiếu phiếu kết quả kiểm nghiệm chỉ tiêu an toàn thực phẩm".into()],
            },
        ],
        "returned" => {
            let mut events: Vec<Event> = path[..5].iter().map(|(_, e)| e.clone()).collect();
            events.push(Event::Return {
                reasons: vec!["Bản tự công bố sản phẩm đã hết hiệu lực".into()],
            });
            events
        }
        _ => {
            let upto = path.iter().position(|(s, _)| *s == target).map_or(0, |i| i + 1);
            path[..upto].iter().map(|(_, e)| e.clone()).collect()
        }
    }
}

/// Stores the demo dossiers; returns how many.
pub(crate) async fn store<C: ConnectionTrait>(
    conn: &C,
    products: &[ProductSpec],
    today: NaiveDate,
) -> ServiceResult<u64> {
    let phu_sang = demo_uuid(PHU_SANG_KEY);
    let commune_ids: Vec<String> = products.iter().map(|p| p.input.commune_id.clone()).collect();
    let places = places(conn, &commune_ids).await?;
    let in_ha_tinh = |p: &&ProductSpec| {
        places
            .get(&p.input.commune_id)
            .is_some_and(|pl| pl.today_province_codes.iter().any(|c| c == "42"))
    };
    let mut chosen: Vec<&ProductSpec> = products
        .iter()
        .filter(|p| p.input.producer_id == phu_sang.to_string())
        .collect();
    chosen.extend(
        products
            .iter()
            .filter(|p| p.input.producer_id != phu_sang.to_string())
            .filter(in_ha_tinh)
            .take(COUNT.saturating_sub(chosen.len())),
    );
    let bases = LegalBases::official();
    let mut rows = Vec::new();
    let mut history = Vec::new();
    let now = ocop_storage::now();
    for (i, product) in chosen.iter().enumerate() {
        let target = STATES[i % STATES.len()];
        let id = demo_uuid(&format!("dossier/{}", product.id));
        let on = today - chrono::Duration::days(10 + (i as i64 % 20));
        // The sheet follows the product: its product set's sheet under the basis of the
        // submission date (a draft: today's), a marked sample where no official one exists.
        let basis_day = if target == "draft" { today } else { on };
        let Some(basis) = bases.in_force_on(basis_day) else {
            continue;
        };
        let code = product.input.product_set_code.as_str();
        sheet::publish_samples(conn, &[basis.id.as_str()], &[code]).await?;
        let Some(set_row) = sheet::published_for(conn, &basis.id, code).await? else {
            continue;
        };
        let set = CriteriaSet::from_json(&set_row.body).map_err(|e| ServiceError::Internal(e.to_string()))?;
        // The kind the product's certificates allow (a 5★ in force: no dossier).
        let held = sheet::held(conn, product.id, today).await?;
        let kind = if preconditions::check_kind(DossierKind::Reevaluation, &held).is_ok() {
            DossierKind::Reevaluation
        } else if preconditions::check_kind(DossierKind::New, &held).is_ok() {
            DossierKind::New
        } else if let Some(current) = preconditions::upgrade_base(&held) {
            DossierKind::Upgrade { current }
        } else {
            continue;
        };
        let choices: BTreeMap<String, usize> = set
            .criteria()
            .map(|(_, c)| {
                let pick = hash64(&format!("{id}/{}", c.code)) as usize % c.options.len();
                (c.code.clone(), pick.max(c.options.len() / 2))
            })
            .collect();
        let producer_id = uuid::Uuid::parse_str(&product.input.producer_id)
            .map_err(|e| ServiceError::Internal(format!("demo producer id: {e}")))?;
        let facts = Facts {
            dossier_complete: true,
            commune_meeting_held: true,
            ..Facts::default()
        };
        let mut record = Dossier::new(kind);
        for (seq, event) in events_to(target, on).into_iter().enumerate() {
            let next = record
                .apply(&event, bases, &facts)
                .map_err(|e| ServiceError::Internal(format!("demo dossier {target}: {e}")))?;
            history.push(dossier_event::Model {
                dossier_id: id,
                seq: seq as i32 + 1,
                event: serde_json::to_string(&event).unwrap_or_default(),
                from_state: serde_json::to_string(&record.state).unwrap_or_default(),
                to_state: serde_json::to_string(&next.state).unwrap_or_default(),
                actor_id: None,
                actor_name: "system:demo".into(),
                at: now,
                note: None,
            });
            record = next;
        }
        let reported = !matches!(
            record.state,
            DossierState::Draft
                | DossierState::Submitted
                | DossierState::CommuneReview
                | DossierState::ReturnedByCommune
        );
        let commune_report = reported.then(|| {
            let findings: BTreeMap<&str, &str> = bases
                .commune_criteria
                .iter()
                .map(|c| (c.code.as_str(), "Đạt: có xác nhận của UBND xã"))
                .collect();
            serde_json::json!({ "meeting_on": on + chrono::Duration::days(3), "findings": findings, "by": "system:demo" })
                .to_string()
        });
        let (kind_name, current_stars) = dossier::kind_columns(kind);
        let mut row = dossier::Model {
            id,
            producer_id,
            product_id: product.id,
            kind: kind_name.to_owned(),
            current_stars,
            state: String::new(),
            level: None,
            score_x100: None,
            stars: None,
            legal_basis: record.legal_basis.clone(),
            criteria_set_id: set_row.id,
            submitted_on: record.submitted_on,
            commune_id: product.input.commune_id.clone(),
            self_assessment: serde_json::to_string(&choices).unwrap_or_default(),
            commune_report,
            created_by: None,
            row_version: 1 + history.iter().filter(|h| h.dossier_id == id).count() as i32,
            created_at: now,
            updated_at: now,
        };
        StateColumns::of(record.state).apply_to(&mut row);
        rows.push(row);
    }
    let count = rows.len() as u64;
    // Submitted dossiers hold the documents their basis requires (rows marked as demo data).
    let submitted: Vec<(uuid::Uuid, uuid::Uuid, String)> = rows
        .iter()
        .filter(|r| r.submitted_on.is_some())
        .map(|r| (r.id, r.producer_id, r.legal_basis.clone().unwrap_or_default()))
        .collect();
    dossier_repo::insert_many(conn, rows).await?;
    for (id, producer_id, basis) in submitted {
        crate::councils::testing::attach_required_documents(conn, id, producer_id, &basis).await?;
    }
    dossier_repo::insert_events(conn, history).await?;
    Ok(count)
}
