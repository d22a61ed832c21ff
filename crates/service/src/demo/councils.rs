//! The demo council of Hà Tĩnh: founded by a decision, with a chair (`chutich.hatinh`), three
//! members (`hoidong.hatinh`, `hoidong2.hatinh`, `hoidong3.hatinh`) and a secretary
//! (`thuky.hatinh`); one planned batch ("Đợt 2 năm 2026", meeting a week after the load) with
//! two eligible dossiers of Cẩm Xuyên products scheduled, and a batch held a month ago ("Đợt 1
//! năm 2026") whose one dossier scored 100 points: the province's decision gave it 4★ and
//! forwarded it to the central level, where it waits for the ministry's check. The central
//! council (chair `chutich.trunguong`, member `hoidong.trunguong`, secretary
//! `thuky.trunguong`, all of national scope) has a planned batch. Everything goes through the
//! councils services, so the audit trail holds it; names, dates and members are the same every
//! load.

use chrono::{Duration, NaiveDate};
use ocop_storage::Database;
use ocop_storage::entities::product;
use ocop_storage::repo::{council_repo, user_repo};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use ocop_domain::certificate::input::DecisionInput;
use ocop_domain::evaluation::CriteriaSet;
use ocop_domain::role::Actor;

use crate::councils::batches::{self, BatchInput, MinutesInput, RecogniseInput, ScheduleInput, SendInput};
use crate::councils::scoring::{self, AnswerInput};
use crate::councils::{self, CouncilInput, MemberInput};
use crate::error::{ServiceError, ServiceResult};

/// The members: (login, full name, role, agency).
const MEMBERS: [(&str, &str, &str, &str); 5] = [
    (
        "chutich.hatinh",
        "Nguyễn Văn Hùng",
        "chair",
        "Phó Chủ tịch UBND tỉnh Hà Tĩnh",
    ),
    (
        "hoidong.hatinh",
        "Trần Thị Mai",
        "member",
        "Sở Nông nghiệp và Môi trường",
    ),
    ("hoidong2.hatinh", "Lê Văn Nam", "member", "Sở Công Thương"),
    ("hoidong3.hatinh", "Phạm Thị Hoa", "member", "Sở Khoa học và Công nghệ"),
    (
        "thuky.hatinh",
        "Hoàng Văn Tâm",
        "secretary",
        "Văn phòng Điều phối nông thôn mới tỉnh",
    ),
];

/// The central council's members: (login, full name, role, agency).
const CENTRAL_MEMBERS: [(&str, &str, &str, &str); 3] = [
    (
        "chutich.trunguong",
        "Đỗ Minh Quân",
        "chair",
        "Thứ trưởng Bộ Nông nghiệp và Môi trường",
    ),
    (
        "hoidong.trunguong",
        "Vũ Thị Lan",
        "member",
        "Văn phòng Điều phối nông thôn mới Trung ương",
    ),
    (
        "thuky.trunguong",
        "Ngô Văn Bình",
        "secretary",
        "Văn phòng Điều phối nông thôn mới Trung ương",
    ),
];

async fn actor(db: &Database, login: &str) -> ServiceResult<Actor> {
    let user = user_repo::by_username(db.conn(), login)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("demo account {login} missing")))?;
    crate::accounts::actor_of(db, &user).await
}

/// Seats the members on a council.
async fn seat(
    db: &Database,
    admin: &Actor,
    council: uuid::Uuid,
    members: &[(&str, &str, &str, &str)],
) -> ServiceResult<()> {
    for (login, name, role, agency) in members {
        let member = actor(db, login).await?;
        councils::add_member(
            db,
            admin,
            council,
            &MemberInput {
                user_id: Some(member.user_id.0),
                full_name: (*name).into(),
                role: (*role).into(),
                agency: (*agency).into(),
            },
        )
        .await?;
    }
    Ok(())
}

/// Creates the demo council and batch unless a council exists; returns the batch's
/// scheduled dossiers.
pub(crate) async fn create(db: &Database, today: NaiveDate) -> ServiceResult<u64> {
    if !council_repo::councils(db.conn(), None).await?.is_empty() {
        return Ok(0);
    }
    let admin = actor(db, "admin").await?;
    let council = councils::create_council(
        db,
        &admin,
        &CouncilInput {
            name: "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh".into(),
            level: "province".into(),
            unit_id: "2025/province/42".into(),
            decision_number: "1520/QĐ-UBND".into(),
            decision_date: NaiveDate::from_ymd_opt(2026, 3, 2),
        },
    )
    .await?;
    seat(db, &admin, council.id, &MEMBERS).await?;
    let batch = batches::create(
        db,
        &admin,
        &BatchInput {
            council_id: Some(council.id),
            name: "Đợt 2 năm 2026".into(),
            starts_on: Some(today - Duration::days(20)),
            ends_on: Some(today + Duration::days(30)),
            // The council meets today, so its decision can be dated today (never before the
            // meeting, never in the future). The office records the electronic dossiers as
            // sent up to two weeks back: a working day lies between even across Tết (the
            // longest break, 9 days), so the batch can always open.
            meeting_on: Some(today),
        },
    )
    .await?;
    let products = product::Entity::find()
        .filter(product::Column::CommuneId.eq("2025/commune/18673"))
        .order_by_asc(product::Column::Name)
        .all(db.conn())
        .await?;
    // One open dossier per product (`dossier_already_open`): the batch takes the first two
    // products of Cẩm Xuyên that have none under way (the demo dossiers of `dossiers` took some)
    // and may be evaluated for the first time (no certificate in force), as a new dossier would;
    // when Cẩm Xuyên has fewer, the other products of Hà Tĩnh follow, by name.
    let in_province = {
        use ocop_storage::repo::product_repo::{self, ProductQuery};
        let query = ProductQuery {
            province_code: Some("42".to_owned()),
            limit: 200,
            ..Default::default()
        };
        let mut rows = product_repo::list(db.conn(), &query).await?.items;
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        rows
    };
    let mut free: Vec<product::Model> = Vec::new();
    for p in products.iter().chain(in_province.iter()) {
        if free.len() == 2 {
            break;
        }
        if !free.iter().any(|f| f.id == p.id) && may_open_first_dossier(db, p, today).await? {
            free.push(p.clone());
        }
    }
    let mut scheduled = 0;
    for p in &free {
        // Submitted within the batch's own dates, under the basis in force then, on its sheet.
        let (dossier, _) = eligible_on_its_sheet(db, p, today - Duration::days(35)).await?;
        batches::schedule(
            db,
            &admin,
            batch.id,
            &ScheduleInput {
                dossier_id: Some(dossier),
            },
        )
        .await?;
        scheduled += 1;
    }
    if let Some(p) = uncertified_in_ha_tinh(db, &free).await? {
        forwarded_to_central(db, &admin, council.id, &p, today).await?;
    }
    central_council(db, &admin, today).await?;
    Ok(scheduled)
}

/// True when `p` has no dossier under way and no certificate that rules out a first
/// evaluation, so the demo may give it a new dossier as the dossiers service would.
async fn may_open_first_dossier(db: &Database, p: &product::Model, today: NaiveDate) -> ServiceResult<bool> {
    use ocop_domain::evaluation::preconditions;
    use ocop_domain::evaluation::routing::DossierKind;
    if !ocop_storage::repo::dossier_repo::open_of_product(db.conn(), p.id)
        .await?
        .is_empty()
    {
        return Ok(false);
    }
    let held = crate::dossiers::sheet::held(db.conn(), p.id, today).await?;
    Ok(preconditions::check_kind(DossierKind::New, &held).is_ok())
}

/// The first product lying in Cẩm Xuyên today (else in Hà Tĩnh) that holds no certificate and
/// no dossier (the demo's Phú Sang dossier waits at the commune for the browser test) and is
/// not one of `taken`.
async fn uncertified_in_ha_tinh(db: &Database, taken: &[product::Model]) -> ServiceResult<Option<product::Model>> {
    use ocop_storage::repo::dossier_repo::{self, DossierQuery};
    use ocop_storage::repo::product_repo::{self, ProductQuery};
    for (commune_code, province_code) in [(Some("18673"), None), (None, Some("42"))] {
        let query = ProductQuery {
            commune_code: commune_code.map(str::to_owned),
            province_code: province_code.map(str::to_owned),
            limit: 200,
            ..Default::default()
        };
        for p in product_repo::list(db.conn(), &query).await?.items {
            // A product recorded on today's list, so that its certificate of 2026 names a
            // commune of 2026.
            if taken.iter().any(|t| t.id == p.id) || !p.commune_id.starts_with("2025/") {
                continue;
            }
            let dossiers = DossierQuery {
                product_id: Some(p.id),
                limit: 1,
                ..Default::default()
            };
            if dossier_repo::list(db.conn(), &dossiers).await?.items.is_empty()
                && ocop_storage::repo::certificate_repo::of_product(db.conn(), p.id)
                    .await?
                    .is_empty()
            {
                return Ok(Some(p));
            }
        }
    }
    Ok(None)
}

/// The number of the province's decision that forwards the demo dossier to the central level.
pub(crate) const FORWARD_DECISION: &str = "1890/QĐ-UBND";

/// "Đợt 1 năm 2026", held a month ago: every member gives the product the top option of every
/// criterion (100 points), the chair closes, the province's decision gives it 4★ and forwards it
/// to the central level.
async fn forwarded_to_central(
    db: &Database,
    admin: &Actor,
    council: uuid::Uuid,
    p: &product::Model,
    today: NaiveDate,
) -> ServiceResult<()> {
    let batch = batches::create(
        db,
        admin,
        &BatchInput {
            council_id: Some(council),
            name: "Đợt 1 năm 2026".into(),
            starts_on: Some(today - Duration::days(45)),
            ends_on: Some(today - Duration::days(20)),
            meeting_on: Some(today - Duration::days(30)),
        },
    )
    .await?;
    let (dossier, sheet) = eligible_on_its_sheet(db, p, today - Duration::days(60)).await?;
    batches::schedule(
        db,
        admin,
        batch.id,
        &ScheduleInput {
            dossier_id: Some(dossier),
        },
    )
    .await?;
    batches::mark_sent(
        db,
        admin,
        batch.id,
        &SendInput {
            sent_on: Some(today - Duration::days(37)),
        },
    )
    .await?;
    let secretary = actor(db, "thuky.hatinh").await?;
    crate::councils::testing::all_present(db, &secretary, batch.id).await?;
    let chair = actor(db, "chutich.hatinh").await?;
    batches::open(db, &chair, batch.id).await?;
    let set = CriteriaSet::from_json(&sheet.body).map_err(|e| ServiceError::Internal(e.to_string()))?;
    for login in ["chutich.hatinh", "hoidong.hatinh", "hoidong2.hatinh", "hoidong3.hatinh"] {
        let member = actor(db, login).await?;
        for (_, criterion) in set.criteria() {
            let top = (0..criterion.options.len())
                .max_by_key(|i| criterion.options[*i].points)
                .unwrap_or_default();
            let input = AnswerInput {
                criterion: criterion.code.clone(),
                option: Some(top),
                comment: String::new(),
                client_at: None,
            };
            scoring::answer(db, &member, batch.id, dossier, &input).await?;
        }
        scoring::submit(db, &member, batch.id, dossier).await?;
    }
    batches::close(db, &chair, batch.id).await?;
    batches::record_minutes(
        db,
        &secretary,
        batch.id,
        &MinutesInput {
            correction: String::new(),
            minutes: format!(
                "Hội đồng họp đủ thành phần; sản phẩm đạt 100 điểm, đề nghị {} đánh giá, công nhận 5 sao.",
                ocop_domain::certificate::ministry_name_on(today - Duration::days(30))
            ),
        },
    )
    .await?;
    // The decision cites the basis its dossier was submitted under (QĐ 26/2026 from 22/05/2026).
    let basis = batches::dossiers_basis(db.conn(), batch.id)
        .await?
        .ok_or_else(|| ServiceError::Internal("demo batch without a basis".into()))?;
    batches::recognise(
        db,
        admin,
        batch.id,
        &RecogniseInput {
            decision: DecisionInput {
                number: FORWARD_DECISION.into(),
                decided_on: Some(today - Duration::days(25)),
                issuer_name: "UBND tỉnh Hà Tĩnh".into(),
                issuer_level: "province".into(),
                legal_basis: basis.as_str().into(),
            },
        },
    )
    .await?;
    Ok(())
}

/// The basis of the demo's eligible dossiers (submitted 01/08/2025, see
/// `councils::testing::insert_dossier_in`).
const ELIGIBLE_BASIS: &str = "QD148-1489-2025";

/// The sheet a demo dossier of `p` is scored on: its product set's under [`ELIGIBLE_BASIS`],
/// a marked sample where no official sheet is published.
async fn sheet_of(
    db: &Database,
    p: &product::Model,
    basis: &str,
) -> ServiceResult<ocop_storage::entities::criteria_set::Model> {
    use crate::dossiers::sheet;
    sheet::publish_samples(db.conn(), &[basis], &[p.product_set_code.as_str()]).await?;
    sheet::published_for(db.conn(), basis, &p.product_set_code)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("no sheet for {}", p.product_set_code)))
}

/// An eligible dossier of `p` submitted on `submitted_on`, under the basis in force that day
/// and on its product set's sheet under that basis.
async fn eligible_on_its_sheet(
    db: &Database,
    p: &product::Model,
    submitted_on: NaiveDate,
) -> ServiceResult<(uuid::Uuid, ocop_storage::entities::criteria_set::Model)> {
    use ocop_storage::entities::dossier;
    use sea_orm::sea_query::Expr;
    let basis = ocop_domain::evaluation::LegalBases::official()
        .in_force_on(submitted_on)
        .map(|b| b.id.clone())
        .unwrap_or_else(|| ELIGIBLE_BASIS.to_owned());
    let set = sheet_of(db, p, &basis).await?;
    let id =
        crate::councils::testing::insert_eligible_dossier_on(db, set.id, p.producer_id, p.id, &p.commune_id).await?;
    dossier::Entity::update_many()
        .col_expr(dossier::Column::LegalBasis, Expr::value(Some(basis)))
        .col_expr(dossier::Column::SubmittedOn, Expr::value(Some(submitted_on)))
        .filter(dossier::Column::Id.eq(id))
        .exec(db.conn())
        .await?;
    Ok((id, set))
}

/// The central council founded by the ministry, with a planned batch.
async fn central_council(db: &Database, admin: &Actor, today: NaiveDate) -> ServiceResult<()> {
    let council = councils::create_council(
        db,
        admin,
        &CouncilInput {
            name: "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp quốc gia".into(),
            level: councils::CENTRAL.into(),
            unit_id: String::new(),
            decision_number: "1102/QĐ-BNNMT".into(),
            decision_date: NaiveDate::from_ymd_opt(2026, 3, 20),
        },
    )
    .await?;
    seat(db, admin, council.id, &CENTRAL_MEMBERS).await?;
    batches::create(
        db,
        admin,
        &BatchInput {
            council_id: Some(council.id),
            name: "Đợt 1 năm 2026 (cấp quốc gia)".into(),
            starts_on: Some(today - Duration::days(1)),
            ends_on: Some(today + Duration::days(40)),
            meeting_on: Some(today + Duration::days(21)),
        },
    )
    .await?;
    Ok(())
}
