//! The demo council of Hà Tĩnh: founded by a decision, with a chair (`chutich.hatinh`), three
//! members (`hoidong.hatinh`, `hoidong2.hatinh`, `hoidong3.hatinh`) and a secretary
//! (`thuky.hatinh`); one planned batch ("Đợt 2 năm 2026", meeting a week after the load) with
//! two eligible dossiers of Cẩm Xuyên products scheduled. Everything goes through the councils
//! services, so the audit trail holds it; names, dates and members are the same every load.

use chrono::{Duration, NaiveDate};
use ocop_storage::Database;
use ocop_storage::entities::product;
use ocop_storage::repo::{council_repo, user_repo};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::councils::batches::{self, BatchInput, ScheduleInput};
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

/// Creates the demo council and batch unless a council exists; returns the batch's
/// scheduled dossiers.
pub(crate) async fn create(db: &Database, today: NaiveDate) -> ServiceResult<u64> {
    if !council_repo::councils(db.conn(), None).await?.is_empty() {
        return Ok(0);
    }
    let admin = user_repo::by_username(db.conn(), "admin")
        .await?
        .ok_or_else(|| ServiceError::Internal("demo admin missing".into()))?;
    let admin = crate::accounts::actor_of(db, &admin).await?;
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
    for (login, name, role, agency) in MEMBERS {
        let user = user_repo::by_username(db.conn(), login)
            .await?
            .ok_or_else(|| ServiceError::Internal(format!("demo account {login} missing")))?;
        councils::add_member(
            db,
            &admin,
            council.id,
            &MemberInput {
                user_id: Some(user.id),
                full_name: name.into(),
                role: role.into(),
                agency: agency.into(),
            },
        )
        .await?;
    }
    let batch = batches::create(
        db,
        &admin,
        &BatchInput {
            council_id: Some(council.id),
            name: "Đợt 2 năm 2026".into(),
            starts_on: Some(today - Duration::days(3)),
            ends_on: Some(today + Duration::days(30)),
            meeting_on: Some(today + Duration::days(7)),
        },
    )
    .await?;
    let products = product::Entity::find()
        .filter(product::Column::CommuneId.eq("2025/commune/18673"))
        .order_by_asc(product::Column::Name)
        .all(db.conn())
        .await?;
    let mut scheduled = 0;
    for p in products.iter().take(2) {
        let dossier = crate::councils::testing::insert_eligible_dossier(db, p.producer_id, p.id, &p.commune_id).await?;
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
    Ok(scheduled)
}
