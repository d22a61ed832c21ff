//! Programme records for the demo, so dashboards and reports have something
//! to show: a yearly revenue for every certified product (the last two
//! years, derived from the product's id — plausible, not real), and in Hà
//! Tĩnh (province 42) fairs with the producers that took part, training
//! courses, support disbursements, a plan for this year with a target of
//! every measured kind, and a few tasks (late, done on time, done late, open).
//!
//! Ids come from stable keys; days are relative to today (like the
//! certificates), so the same figures hold whenever the demo is loaded.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};
use ocop_storage::ConnectionTrait;
use ocop_storage::entities::{
    product_revenue, programme_event, programme_event_participant, programme_plan, programme_support, programme_target,
    programme_task, programme_training,
};
use ocop_storage::repo::{programme_activity_repo, programme_repo};
use uuid::Uuid;

use super::rng::{demo_uuid, hash64};
use crate::error::ServiceResult;
use crate::programme::units::containing_units;

/// The demo's province.
const PROVINCE: &str = "2025/province/42";
/// The demo's commune (Xã Cẩm Xuyên).
const COMMUNE: &str = "2025/commune/18673";

/// What was stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgrammeCounts {
    /// Revenue rows.
    pub revenues: u64,
    /// Events, training courses and disbursements.
    pub activities: u64,
}

/// A revenue in VND for a product and year: about 70 million to 6.4 billion,
/// a multiple of ten thousand VND (two decimals in million VND), varying
/// from year to year by −10 % to +25 %.
fn revenue_vnd(product_id: Uuid, year: i32) -> i64 {
    let base = hash64(&format!("revenue/{product_id}"));
    // Most products earn a few hundred million; a few several billion.
    let millions = 80 + (base % 1_000) as i64 * ((base >> 10) % 5 + 1) as i64;
    let growth = (hash64(&format!("growth/{product_id}/{year}")) % 36) as i64 - 10;
    millions * (100 + growth) * 10_000
}

/// A demo target: kind, count, minimum stars, legal form, wording, manual progress.
type DemoTarget = (
    &'static str,
    i32,
    Option<i32>,
    Option<&'static str>,
    &'static str,
    Option<i32>,
);

/// Stores the programme records (inside the demo's transaction).
pub async fn store<C: ConnectionTrait>(conn: &C, today: NaiveDate) -> ServiceResult<ProgrammeCounts> {
    let certified = programme_repo::certificate_facts(conn, today, None).await?;
    let products: BTreeSet<Uuid> = certified.iter().map(|f| f.product_id).collect();
    let now = ocop_storage::now();
    let mut revenues = Vec::new();
    for product_id in &products {
        for year in [today.year() - 2, today.year() - 1] {
            revenues.push(product_revenue::Model {
                id: demo_uuid(&format!("revenue/{product_id}/{year}")),
                product_id: *product_id,
                year,
                revenue_vnd: revenue_vnd(*product_id, year),
                source: "producer".into(),
                recorded_by: "demo".into(),
                recorded_at: now,
                row_version: 1,
            });
        }
    }
    let revenue_count = revenues.len() as u64;
    programme_activity_repo::insert_revenues(conn, revenues).await?;

    // Hà Tĩnh's producers with a certificate, in a stable order.
    let communes: Vec<String> = certified.iter().map(|f| f.commune_id.clone()).collect();
    let membership = containing_units(conn, &communes).await?;
    let mut local: Vec<(Uuid, Uuid)> = certified
        .iter()
        .filter(|f| membership.get(&f.commune_id).is_some_and(|u| u.contains(PROVINCE)))
        .map(|f| (f.producer_id, f.product_id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    local.dedup_by_key(|(producer, _)| *producer);
    if local.is_empty() {
        return Ok(ProgrammeCounts {
            revenues: revenue_count,
            activities: 0,
        });
    }

    let day = |offset: i64| today - Duration::days(offset);
    let fairs = [
        (
            "fair",
            "Hội chợ OCOP và hàng nông sản tỉnh Hà Tĩnh",
            "Quảng trường Thành Sen, TP Hà Tĩnh",
            40,
            4,
            6,
        ),
        (
            "exhibition",
            "Tuần lễ giới thiệu sản phẩm OCOP Hà Tĩnh tại Hà Nội",
            "Hà Nội",
            130,
            6,
            4,
        ),
        (
            "promotion",
            "Phiên livestream bán hàng sản phẩm OCOP",
            "Trực tuyến",
            220,
            0,
            8,
        ),
    ];
    let mut events = Vec::new();
    let mut participants = Vec::new();
    for (i, (kind, name, place, back, days, count)) in fairs.into_iter().enumerate() {
        let id = demo_uuid(&format!("programme/event/{i}"));
        events.push(programme_event::Model {
            id,
            unit_id: PROVINCE.into(),
            kind: kind.into(),
            name: name.into(),
            place: place.into(),
            starts_on: day(back),
            ends_on: day(back - days),
            organiser: Some(format!(
                "{} tỉnh Hà Tĩnh",
                ocop_domain::certificate::department_name_on(day(back))
            )),
            note: None,
            created_by: "demo".into(),
            created_at: now,
        });
        for (j, (producer_id, product_id)) in local.iter().skip(i * 2).take(count).enumerate() {
            participants.push(programme_event_participant::Model {
                id: demo_uuid(&format!("programme/event/{i}/participant/{j}")),
                event_id: id,
                producer_id: *producer_id,
                product_id: Some(*product_id),
                created_at: now,
            });
        }
    }
    let trainings = vec![
        programme_training::Model {
            id: demo_uuid("programme/training/0"),
            unit_id: PROVINCE.into(),
            title: "Tập huấn nghiệp vụ đánh giá, phân hạng sản phẩm OCOP".into(),
            starts_on: day(95),
            ends_on: day(93),
            organiser: Some("Văn phòng Điều phối nông thôn mới tỉnh".into()),
            officials: 45,
            others: 0,
            note: None,
            created_by: "demo".into(),
            created_at: now,
        },
        programme_training::Model {
            id: demo_uuid("programme/training/1"),
            unit_id: PROVINCE.into(),
            title: "Tập huấn xây dựng, hoàn thiện hồ sơ sản phẩm OCOP cho các chủ thể".into(),
            starts_on: day(60),
            ends_on: day(59),
            organiser: Some("Văn phòng Điều phối nông thôn mới tỉnh".into()),
            officials: 20,
            others: 110,
            note: None,
            created_by: "demo".into(),
            created_at: now,
        },
        programme_training::Model {
            id: demo_uuid("programme/training/2"),
            unit_id: COMMUNE.into(),
            title: "Tuyên truyền, hướng dẫn đăng ký ý tưởng sản phẩm OCOP".into(),
            starts_on: day(30),
            ends_on: day(30),
            organiser: Some("UBND xã Cẩm Xuyên".into()),
            officials: 8,
            others: 35,
            note: None,
            created_by: "demo".into(),
            created_at: now,
        },
    ];
    let sources = ["local_budget", "central_budget", "other_programmes", "credit"];
    let purposes = [
        "Hỗ trợ thiết kế bao bì, nhãn mác",
        "Hỗ trợ kiểm nghiệm, công bố chất lượng sản phẩm",
        "Hỗ trợ mua sắm máy móc, thiết bị chế biến",
        "Hỗ trợ xây dựng mã QR truy xuất nguồn gốc",
    ];
    let supports: Vec<programme_support::Model> = local
        .iter()
        .take(6)
        .enumerate()
        .map(|(i, (producer_id, product_id))| programme_support::Model {
            id: demo_uuid(&format!("programme/support/{i}")),
            unit_id: PROVINCE.into(),
            producer_id: *producer_id,
            product_id: Some(*product_id),
            amount_vnd: 30_000_000 + (hash64(&format!("support/{i}")) % 28) as i64 * 10_000_000,
            source: sources[i % sources.len()].into(),
            purpose: purposes[i % purposes.len()].into(),
            disbursed_on: day(20 + 40 * i as i64),
            created_by: "demo".into(),
            created_at: now,
        })
        .collect();
    let activities = (events.len() + trainings.len() + supports.len()) as u64;
    programme_activity_repo::insert_activities(conn, events, participants, trainings, supports).await?;

    // This year's plan with one target of every measured kind and one by hand.
    let plan = programme_plan::Model {
        id: demo_uuid(&format!("programme/plan/{PROVINCE}/{}", today.year())),
        unit_id: PROVINCE.into(),
        year: today.year(),
        title: format!("Kế hoạch thực hiện Chương trình OCOP tỉnh Hà Tĩnh năm {}", today.year()),
        created_at: now,
        row_version: 1,
    };
    programme_repo::insert_plan(conn, plan.clone()).await?;
    let targets: [DemoTarget; 11] = [
        (
            "new_products",
            30,
            None,
            None,
            "Phát triển mới thêm 30 sản phẩm OCOP",
            None,
        ),
        (
            "certified",
            10,
            Some(4),
            None,
            "Ít nhất 10 sản phẩm đạt 4 sao trở lên",
            None,
        ),
        (
            "recertified",
            15,
            None,
            None,
            "Đánh giá, công nhận lại 15 sản phẩm hết hạn",
            None,
        ),
        ("upgraded", 5, None, None, "Nâng hạng sao cho 5 sản phẩm", None),
        (
            "producers",
            20,
            None,
            None,
            "20 chủ thể có sản phẩm được công nhận",
            None,
        ),
        (
            "producers",
            8,
            None,
            Some("cooperative"),
            "8 hợp tác xã có sản phẩm được công nhận",
            None,
        ),
        (
            "proposed_five_star",
            1,
            None,
            None,
            "Đề nghị Trung ương công nhận 1 sản phẩm 5 sao",
            None,
        ),
        (
            "fairs",
            4,
            None,
            None,
            "Tham gia ít nhất 4 hội chợ, sự kiện xúc tiến thương mại",
            None,
        ),
        ("officials_trained", 80, None, None, "Tập huấn cho 80 lượt cán bộ", None),
        (
            "support_funds",
            1_500,
            None,
            None,
            "Giải ngân 1.500 triệu đồng hỗ trợ chủ thể",
            None,
        ),
        (
            "other",
            2,
            None,
            None,
            "Xây dựng 02 điểm giới thiệu, bán sản phẩm OCOP",
            Some(1),
        ),
    ];
    for (i, (kind, count, min_stars, legal_form, text, progress)) in targets.into_iter().enumerate() {
        programme_repo::insert_target(
            conn,
            programme_target::Model {
                id: demo_uuid(&format!("programme/plan/{PROVINCE}/target/{i}")),
                plan_id: plan.id,
                directive_id: None,
                position: i as i32,
                kind: kind.into(),
                count,
                count_max: None,
                min_stars,
                level: None,
                text: text.into(),
                manual_progress: progress,
                legal_form: legal_form.map(str::to_owned),
            },
        )
        .await?;
    }

    // Tasks of the province: late, done on time, done late, open.
    let tasks = [
        (
            "Rà soát các sản phẩm OCOP sắp hết hạn giấy chứng nhận",
            "agriculture",
            25,
            None,
        ),
        (
            "Tổ chức hội chợ OCOP và hàng nông sản tỉnh",
            "industry_trade",
            50,
            Some(55),
        ),
        (
            "Hướng dẫn chủ thể hoàn thiện hồ sơ đánh giá lại",
            "coordination_office",
            70,
            Some(62),
        ),
        (
            "Kiểm tra, giám sát sản phẩm OCOP sau công nhận",
            "agriculture",
            -20,
            None,
        ),
    ];
    for (i, (title, office, due_back, done_back)) in tasks.into_iter().enumerate() {
        let due = day(due_back);
        programme_repo::insert_task(
            conn,
            programme_task::Model {
                id: demo_uuid(&format!("programme/task/{i}")),
                unit_id: PROVINCE.into(),
                directive_id: None,
                title: title.into(),
                details: String::new(),
                responsible: office.into(),
                cooperating: String::new(),
                deadline: format!("by:{due}"),
                due_on: Some(due),
                done_on: done_back.map(day),
                evidence_sha256: None,
                evidence_name: None,
                producer_id: None,
                product_id: None,
                created_at: now,
                row_version: 1,
            },
        )
        .await?;
    }
    Ok(ProgrammeCounts {
        revenues: revenue_count,
        activities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revenues_are_plausible_and_stable() {
        let id = Uuid::from_u128(42);
        let a = revenue_vnd(id, 2025);
        assert_eq!(a, revenue_vnd(id, 2025));
        assert!((72_000_000..=6_400_000_000).contains(&a), "{a}");
        assert_eq!(a % 10_000, 0, "two decimals in million VND");
    }
}
