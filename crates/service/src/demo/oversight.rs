//! Demo oversight (issue 14), made through the use cases by the Hà Tĩnh province officer so
//! every row is audited: two public reports of suspected fakes (two cases), this year's
//! inspection plan of Hà Tĩnh with an inspection in every state — planned (from a fake-report
//! case), cancelled, carried out with the record open, signed off — and a finding past its
//! last day to remedy whose suspension is proposed to the issuing authority.

use chrono::{Datelike, Days, NaiveDate};
use ocop_domain::oversight::input::{FindingInput, InspectionInput, PlanInput, ProposeInput, RecordInput};
use ocop_storage::Database;
use ocop_storage::repo::{certificate_repo, user_repo};
use uuid::Uuid;

use crate::certificates::verify::{self, FakeReportInput};
use crate::clients::ClientKey;
use crate::error::{ServiceError, ServiceResult};
use crate::oversight::{cases, findings, inspections, plans};

fn record(day: NaiveDate) -> RecordInput {
    RecordInput {
        carried_out_on: Some(day),
        place: "Cơ sở sản xuất của chủ thể".into(),
        team: "Nguyễn Văn Bình (Sở Nông nghiệp và Môi trường)\nTrần Thị Cúc (Quản lý thị trường)".into(),
        lead_name: "Nguyễn Văn Bình".into(),
        checked: "Tiêu chí bộ sản phẩm còn áp dụng; nhãn hàng hóa; giấy chứng nhận cơ sở đủ điều kiện ATTP; phiếu kiểm nghiệm".into(),
        evidence: vec![],
    }
}

/// Creates the demo oversight; returns how many inspections it planned (0 when Hà Tĩnh has
/// fewer than two certificates in force; with fewer than four, a certificate is inspected twice).
pub async fn create(db: &Database, today: NaiveDate) -> ServiceResult<usize> {
    let user = user_repo::by_username(db.conn(), "tinh.hatinh")
        .await?
        .ok_or_else(|| ServiceError::Internal("demo account tinh.hatinh missing".into()))?;
    let officer = crate::accounts::actor_of(db, &user).await?;
    let mut in_force: Vec<_> = certificate_repo::all(db.conn())
        .await?
        .into_iter()
        .filter(|c| c.province_code == "42" && crate::certificates::status_on(c, today).in_force())
        .collect();
    in_force.sort_by(|a, b| a.number.cmp(&b.number));
    if in_force.len() < 2 {
        return Ok(0);
    }
    let nth = |i: usize| in_force[i % in_force.len()].id;
    // Two fake reports from two members of the public: two cases of Hà Tĩnh.
    for (n, c) in in_force.iter().take(2).enumerate() {
        verify::report(
            db,
            &c.verification_code,
            &FakeReportInput {
                message: format!(
                    "Tem OCOP mã {} dán trên hàng không rõ nguồn gốc tại chợ",
                    c.verification_code
                ),
                contact: (n == 0).then(|| "0987654321".to_owned()),
            },
            &ClientKey::new(b"demo", std::net::IpAddr::from([203, 0, 113, n as u8 + 10])),
        )
        .await?;
    }
    let plan = plans::create(
        db,
        &officer,
        &PlanInput {
            unit_id: "2025/province/42".into(),
            year: today.year(),
            title: format!("Kế hoạch kiểm tra sản phẩm OCOP sau công nhận năm {}", today.year()),
            note: Some("Dữ liệu mẫu".into()),
        },
    )
    .await?;
    let case = cases::list(db, &officer, &Default::default()).await?.into_iter().next();
    let plan_one =
        |certificate_id: Uuid, ground: &str, agency: &str, day: NaiveDate, case_id: Option<Uuid>| InspectionInput {
            plan_id: Some(plan.id),
            certificate_id: Some(certificate_id),
            case_id,
            ground: ground.into(),
            lead_agency: agency.into(),
            planned_on: Some(day),
            ..Default::default()
        };
    let soon = today + Days::new(10);
    let earlier = today - Days::new(40);
    // Planned, from the first fake-report case.
    inspections::plan(
        db,
        &officer,
        &plan_one(nth(0), "fake_report", "market_surveillance", soon, case.map(|c| c.id)),
    )
    .await?;
    // Cancelled.
    let cancelled = inspections::plan(db, &officer, &plan_one(nth(1), "random_sample", "health", soon, None)).await?;
    inspections::cancel(
        db,
        &officer,
        cancelled.id,
        &inspections::CancelInput {
            reason: "Chủ thể tạm ngừng sản xuất theo mùa vụ; chuyển sang đợt sau".into(),
        },
    )
    .await?;
    // Carried out, record open, a minor finding not yet due.
    let open = inspections::plan(db, &officer, &plan_one(nth(2), "periodic", "agriculture", today, None)).await?;
    inspections::record(db, &officer, open.id, &record(today)).await?;
    inspections::add_finding(
        db,
        &officer,
        open.id,
        &FindingInput {
            kind: "food_safety".into(),
            severity: "minor".into(),
            description: "Giấy chứng nhận cơ sở đủ điều kiện ATTP sắp hết hạn".into(),
            remedy_required: "Làm thủ tục cấp lại giấy chứng nhận ATTP".into(),
            working_days: Some(20),
            calendar_days: None,
        },
    )
    .await?;
    // Signed off 40 days ago: a label finding past its 10 working days, suspension proposed.
    let signed = inspections::plan(
        db,
        &officer,
        &plan_one(nth(3), "certificate_expiring", "science_technology", earlier, None),
    )
    .await?;
    inspections::record(db, &officer, signed.id, &record(earlier)).await?;
    let with_finding = inspections::add_finding(
        db,
        &officer,
        signed.id,
        &FindingInput {
            kind: "label".into(),
            severity: "major".into(),
            description: "Nhãn không ghi hạn sử dụng và thành phần theo Nghị định 43/2017/NĐ-CP".into(),
            remedy_required: "In lại nhãn đúng quy định, gửi ảnh nhãn mới và bản tự công bố".into(),
            working_days: Some(10),
            calendar_days: None,
        },
    )
    .await?;
    inspections::sign_off(db, &officer, signed.id).await?;
    if let Some(f) = with_finding.findings.first() {
        findings::propose(db, &officer, f.id, &ProposeInput::default()).await?;
    }
    Ok(4)
}
