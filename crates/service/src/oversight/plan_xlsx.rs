//! A year's inspection plan as .xlsx in the shape officials send upward: one row per
//! inspection (product, producer, certificate, ground, lead agency, planned day, status,
//! findings and their consequences), under a title naming the unit and the year.

use ocop_domain::oversight::{Coded, FindingStatus};
use ocop_domain::role::Actor;
use ocop_storage::Database;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use uuid::Uuid;

use super::plans::{PlanDto, get};
use crate::error::{ServiceError, ServiceResult};

/// The plan as .xlsx bytes, with its file name (`ke-hoach-kiem-tra-2026.xlsx`).
pub async fn plan_xlsx(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<(Vec<u8>, String)> {
    let plan = get(db, actor, id).await?;
    let bytes = workbook(&plan).map_err(|e| ServiceError::Internal(format!("xlsx: {e}")))?;
    Ok((bytes, format!("ke-hoach-kiem-tra-{}.xlsx", plan.year)))
}

fn workbook(plan: &PlanDto) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(format!("Ke hoach {}", plan.year))?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(
        0,
        0,
        format!("{} — {} — năm {}", plan.title, plan.unit_name, plan.year),
        &bold,
    )?;
    sheet.write_string(1, 0, format!("Trạng thái kế hoạch: {}", plan.status.label_vi()))?;
    let headers = [
        "STT",
        "Sản phẩm",
        "Chủ thể",
        "Số GCN",
        "Căn cứ kiểm tra",
        "Cơ quan chủ trì",
        "Ngày dự kiến",
        "Trạng thái",
        "Ngày kiểm tra",
        "Số tồn tại",
        "Quá hạn khắc phục",
        "Đề xuất / quyết định xử lý",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(3, col as u16, *header, &bold)?;
    }
    for (i, inspection) in plan.inspections.iter().enumerate() {
        let row = i as u32 + 4;
        let past = inspection.findings.iter().filter(|f| f.past_deadline).count();
        let consequences: Vec<String> = inspection
            .findings
            .iter()
            .filter_map(|f| {
                let c = f.consequence?;
                let done = match f.status {
                    FindingStatus::Decided => "đã quyết định",
                    FindingStatus::Declined => "không chấp thuận",
                    _ => "đã đề xuất",
                };
                Some(format!("{} ({done})", c.label().0))
            })
            .collect();
        sheet.write_number(row, 0, (i + 1) as f64)?;
        let cells = [
            inspection.product_name.clone().unwrap_or_default(),
            inspection.producer_name.clone().unwrap_or_default(),
            inspection.certificate_number.clone().unwrap_or_default(),
            inspection.ground.label_vi().to_owned(),
            inspection.lead_agency.label_vi().to_owned(),
            inspection.planned_on.format("%d/%m/%Y").to_string(),
            inspection.status.label_vi().to_owned(),
            inspection
                .carried_out_on
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
        ];
        for (col, cell) in cells.iter().enumerate() {
            sheet.write_string(row, col as u16 + 1, cell)?;
        }
        sheet.write_number(row, 9, inspection.findings.len() as f64)?;
        sheet.write_number(row, 10, past as f64)?;
        sheet.write_string(row, 11, consequences.join("; "))?;
    }
    sheet.set_column_width(1, 32)?;
    sheet.set_column_width(2, 28)?;
    sheet.set_column_width(3, 18)?;
    sheet.set_column_width(4, 24)?;
    sheet.set_column_width(5, 24)?;
    sheet.set_column_width(11, 36)?;
    book.save_to_buffer()
}
