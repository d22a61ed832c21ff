//! The scoring benchmark behind `ocop bench-scoring` (hidden): a batch of `dossiers` dossiers
//! scored by `members` members on the QĐ 1048 sheet — every answer saved one by one through
//! the scoring service (one write transaction each, as the tablet page does), the sheets
//! submitted, the batch closed by the engine, the recognition decision issued and the three
//! documents generated. Products come from the loaded demo data (Hà Tĩnh), reused in turn.

use std::time::{Duration, Instant};

use ocop_domain::certificate::input::DecisionInput;
use ocop_domain::evaluation::CriteriaSet;
use ocop_storage::Database;
use ocop_storage::entities::product;
use ocop_storage::repo::user_repo;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::batches::{self, BatchInput, RecogniseInput, ScheduleInput, SendInput};
use super::documents::{self, Document};
use super::scoring::{self, AnswerInput};
use super::{CouncilInput, MemberInput, add_member, create_council};
use crate::accounts::{self, NewUser};
use crate::admin_units::today;
use crate::error::{ServiceError, ServiceResult};

/// One measured phase.
#[derive(Debug, Clone)]
pub struct Phase {
    /// What was done.
    pub name: String,
    /// How many operations.
    pub operations: u64,
    /// Wall time.
    pub elapsed: Duration,
}

/// Runs the benchmark; `progress` is told each finished phase.
pub async fn run(
    db: &Database,
    dossiers: usize,
    members: usize,
    progress: &(dyn Fn(&Phase) + Sync),
) -> ServiceResult<Vec<Phase>> {
    let mut phases = Vec::new();
    let mut record = |name: &str, operations: u64, started: Instant| {
        let phase = Phase {
            name: name.to_owned(),
            operations,
            elapsed: started.elapsed(),
        };
        progress(&phase);
        phases.push(phase);
    };
    let started = Instant::now();
    let admin = user_repo::by_username(db.conn(), "admin")
        .await?
        .ok_or_else(|| ServiceError::Internal("load the demo data first (ocop demo)".into()))?;
    let admin = accounts::actor_of(db, &admin).await?;
    let stamp = uuid::Uuid::now_v7().simple().to_string();
    let tag = &stamp[stamp.len() - 6..];
    let council = create_council(
        db,
        &admin,
        &CouncilInput {
            name: format!("Hội đồng đo hiệu năng {tag}"),
            level: "province".into(),
            unit_id: "2025/province/42".into(),
            decision_number: format!("BENCH-{tag}/QĐ-UBND"),
            decision_date: Some(today()),
        },
    )
    .await?;
    let mut scorers = Vec::new();
    for m in 0..members {
        let user = accounts::create_user(
            db,
            None,
            &NewUser {
                username: format!("bench.{tag}.{m}"),
                display_name: format!("Thành viên {m}"),
                password: "bench-password-2026".into(),
                role: "council_member".into(),
                scope_unit_id: Some("2025/province/42".into()),
                producer_id: None,
            },
        )
        .await?;
        let role = if m == 0 { "chair" } else { "member" };
        add_member(
            db,
            &admin,
            council.id,
            &MemberInput {
                user_id: Some(user.id),
                full_name: format!("Thành viên {m}"),
                role: role.into(),
                agency: "Sở Nông nghiệp và Môi trường".into(),
            },
        )
        .await?;
        let row = user_repo::get(db.conn(), user.id).await?.expect("just created");
        scorers.push(accounts::actor_of(db, &row).await?);
    }
    let batch = batches::create(
        db,
        &admin,
        &BatchInput {
            council_id: Some(council.id),
            name: format!("Đợt đo hiệu năng {tag}"),
            // The meeting is today and the dossiers went out two weeks before (a working day
            // lies between whatever the holidays), so the decision can be dated today.
            starts_on: Some(today() - chrono::Duration::days(20)),
            ends_on: Some(today() + chrono::Duration::days(30)),
            meeting_on: Some(today()),
        },
    )
    .await?;
    let products = product::Entity::find()
        .filter(product::Column::CommuneId.is_in(["2025/commune/18673", "pre2025/commune/18673"]))
        .order_by_asc(product::Column::Id)
        .all(db.conn())
        .await?;
    if products.is_empty() {
        return Err(ServiceError::Internal(
            "no Hà Tĩnh demo products: load the demo data first".into(),
        ));
    }
    let mut ids = Vec::new();
    for i in 0..dossiers {
        let p = &products[i % products.len()];
        let id = super::testing::insert_eligible_dossier(db, p.producer_id, p.id, &p.commune_id).await?;
        batches::schedule(db, &admin, batch.id, &ScheduleInput { dossier_id: Some(id) }).await?;
        ids.push(id);
    }
    let sent_on = Some(today() - chrono::Duration::days(14));
    batches::mark_sent(db, &admin, batch.id, &SendInput { sent_on }).await?;
    super::testing::all_present(db, &admin, batch.id).await?;
    batches::open(db, &admin, batch.id).await?;
    record(
        "setup: council, members, batch, schedule, attendance, open",
        dossiers as u64,
        started,
    );

    let set = CriteriaSet::qd1048_fresh_produce();
    let criteria: Vec<_> = set.criteria().map(|(_, c)| (c.code.clone(), c.options.len())).collect();
    let started = Instant::now();
    let mut answers = 0u64;
    for (d, dossier) in ids.iter().enumerate() {
        for (m, scorer) in scorers.iter().enumerate() {
            for (i, (code, options)) in criteria.iter().enumerate() {
                let option = if (i + m + d) % 7 == 0 {
                    options.saturating_sub(2)
                } else {
                    options - 1
                };
                let input = AnswerInput {
                    criterion: code.clone(),
                    option: Some(option),
                    comment: String::new(),
                    client_at: None,
                };
                scoring::answer(db, scorer, batch.id, *dossier, &input).await?;
                answers += 1;
            }
        }
    }
    record("answers saved one by one", answers, started);

    let started = Instant::now();
    for dossier in &ids {
        for scorer in &scorers {
            scoring::submit(db, scorer, batch.id, *dossier).await?;
        }
    }
    record("sheets submitted", (ids.len() * scorers.len()) as u64, started);

    let started = Instant::now();
    batches::close(db, &scorers[0], batch.id).await?;
    record("batch closed (engine)", ids.len() as u64, started);

    let started = Instant::now();
    batches::recognise(
        db,
        &admin,
        batch.id,
        &RecogniseInput {
            decision: DecisionInput {
                number: format!("BENCH-{tag}-KQ/QĐ-UBND"),
                decided_on: Some(today()),
                issuer_name: "UBND tỉnh Hà Tĩnh".into(),
                issuer_level: "province".into(),
                legal_basis: "qd148".into(),
            },
        },
    )
    .await?;
    record("recognition decision and certificates", ids.len() as u64, started);

    let started = Instant::now();
    for doc in [Document::Results, Document::Minutes, Document::Decision] {
        documents::render(db, &admin, batch.id, doc).await?;
    }
    record("documents (.xlsx: results, minutes, decision)", 3, started);

    let started = Instant::now();
    for name in ["results.pdf", "minutes.pdf", "decision.pdf"] {
        let file = documents::DocumentFile::parse(name).expect("a document file name");
        documents::render_file(db, &admin, batch.id, file).await?;
    }
    record("documents (PDF: results, minutes, decision)", 3, started);
    Ok(phases)
}
