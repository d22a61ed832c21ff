//! The worklist (expiring and expired certificates with the producers'
//! contacts) as an .xlsx workbook, for district and province offices that
//! follow up by phone.

use ocop_domain::role::Actor;
use ocop_storage::Database;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::catalogue::{WorklistItem, WorklistParams, worklist};
use crate::error::{ServiceError, ServiceResult};

/// The most rows one export holds.
pub const MAX_ROWS: usize = 50_000;

/// Every worklist row in the actor's area (filters as the JSON worklist), as .xlsx bytes.
pub async fn worklist_xlsx(db: &Database, actor: &Actor, params: &WorklistParams) -> ServiceResult<Vec<u8>> {
    let mut items: Vec<WorklistItem> = Vec::new();
    loop {
        let page = worklist(
            db,
            actor,
            &WorklistParams {
                offset: Some(items.len() as u64),
                limit: Some(200),
                ..params.clone()
            },
        )
        .await?;
        let got = page.items.len();
        items.extend(page.items);
        if got < 200 || items.len() >= MAX_ROWS {
            break;
        }
    }
    workbook(&items).map_err(|e| ServiceError::Internal(format!("xlsx: {e}")))
}

fn workbook(items: &[WorklistItem]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sach")?;
    let bold = Format::new().set_bold();
    let headers = [
        "Tỉnh / Province",
        "Xã / Commune",
        "Số GCN / Certificate",
        "Sản phẩm / Product",
        "Sao / Stars",
        "Hiệu lực đến / Valid through",
        "Trạng thái / Status",
        "Chủ thể / Producer",
        "Người đại diện / Representative",
        "Điện thoại / Phone",
        "E-mail",
        "Xác thực / Verification",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (i, item) in items.iter().enumerate() {
        let row = i as u32 + 1;
        let c = &item.certificate;
        let status = if c.status == ocop_domain::certificate::CertificateStatus::Expiring {
            "Sắp hết hạn"
        } else {
            "Hết hiệu lực"
        };
        let cells = [
            c.place.today_province_names.join(" / "),
            c.place.today_commune_names.join(" / "),
            c.number.clone(),
            c.product_name.clone(),
            c.stars.to_string(),
            c.valid_through.format("%d/%m/%Y").to_string(),
            status.to_owned(),
            c.producer_name.clone(),
            item.representative.clone(),
            item.phone.clone().unwrap_or_default(),
            item.email.clone().unwrap_or_default(),
            format!("/v/{}", c.verification_code),
        ];
        for (col, value) in cells.iter().enumerate() {
            sheet.write_string(row, col as u16, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in [16, 22, 20, 32, 6, 14, 14, 32, 22, 14, 26, 30].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    book.save_to_buffer()
}
