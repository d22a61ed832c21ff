//! The national agricultural database export: table `PTNT_OCOP` of the
//! database of QĐ 5277/QĐ-BNNMT (fields as implemented by the provincial
//! system cited in the domain reference, §12.4), as .xlsx and CSV.
//!
//! One row per product that held a certificate in force on some day of the
//! period (the latest such certificate), for the unit asked and its period:
//!
//! | field | content |
//! |---|---|
//! | `MA_OCOP` | record id: `{period}/{certificate number}` — unique per period and certificate |
//! | `Ma_DonViHanhChinh` | the product's commune code (today's list, or as recorded) |
//! | `Ma_ThoiGian` | the period code: `2026`, `2026-H1`, `2026-H2` (docs/REPORTS.md) |
//! | `Ma_SanPham` | the product's identifier in this system (`DM_SanPham` codes are not available) |
//! | `TenSanPham` | product name |
//! | `XepHang` | `3*`, `4*` or `5*` |
//! | `ChuTheSXKD` | producer name |
//! | `DoanhThuNam` | the product's recorded revenue for the period's year, million VND, 2 decimals; empty when none is recorded |
//! | `TrangThai` | the certificate's status on the period's last day (or today): Còn hiệu lực, Sắp hết hạn, Hết hiệu lực, Tạm đình chỉ, Đã thu hồi |

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use ocop_domain::programme::activity::hundredths_of_million;
use ocop_domain::programme::period::UnitView;
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::repo::programme_activity_repo;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use uuid::Uuid;

use super::facts::certificates_in;
use super::reports::{ReportParams, ReportRequest, authorize, resolve, status_words};
use super::units::placements;
use crate::admin_units::today;
use crate::certificates::{expiring_window_months, facts as lifecycle};
use crate::error::{ServiceError, ServiceResult};

/// The field names, in order.
pub const FIELDS: [&str; 9] = [
    "MA_OCOP",
    "Ma_DonViHanhChinh",
    "Ma_ThoiGian",
    "Ma_SanPham",
    "TenSanPham",
    "XepHang",
    "ChuTheSXKD",
    "DoanhThuNam",
    "TrangThai",
];

/// One row of `PTNT_OCOP`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PtntRow {
    /// `MA_OCOP`.
    #[serde(rename = "MA_OCOP")]
    pub ma_ocop: String,
    /// `Ma_DonViHanhChinh`.
    #[serde(rename = "Ma_DonViHanhChinh")]
    pub ma_don_vi_hanh_chinh: String,
    /// `Ma_ThoiGian`.
    #[serde(rename = "Ma_ThoiGian")]
    pub ma_thoi_gian: String,
    /// `Ma_SanPham`.
    #[serde(rename = "Ma_SanPham")]
    pub ma_san_pham: String,
    /// `TenSanPham`.
    #[serde(rename = "TenSanPham")]
    pub ten_san_pham: String,
    /// `XepHang`.
    #[serde(rename = "XepHang")]
    pub xep_hang: String,
    /// `ChuTheSXKD`.
    #[serde(rename = "ChuTheSXKD")]
    pub chu_the_sxkd: String,
    /// `DoanhThuNam` in hundredths of a million VND (`None`: not recorded).
    #[serde(skip)]
    pub doanh_thu_hundredths: Option<i64>,
    /// `DoanhThuNam` as written in the CSV (`1250.51`, empty when not recorded).
    #[serde(rename = "DoanhThuNam")]
    pub doanh_thu_nam: String,
    /// `TrangThai`.
    #[serde(rename = "TrangThai")]
    pub trang_thai: String,
}

/// The export for an actor who may read the unit's programme records.
pub async fn rows(db: &Database, actor: &Actor, params: &ReportParams) -> ServiceResult<(ReportRequest, Vec<PtntRow>)> {
    let request = resolve(db.conn(), params).await?;
    authorize(actor, &request)?;
    let rows = build(db.conn(), &request, today()).await?;
    Ok((request, rows))
}

/// The export for the operator at the command line.
pub async fn rows_as_operator(db: &Database, params: &ReportParams) -> ServiceResult<(ReportRequest, Vec<PtntRow>)> {
    let request = resolve(db.conn(), params).await?;
    let rows = build(db.conn(), &request, today()).await?;
    Ok((request, rows))
}

/// The last day a certificate was in force (before a replacement,
/// suspension or revocation took effect, or its validity ran out).
fn last_day_in_force(facts: &ocop_domain::certificate::LifecycleFacts) -> NaiveDate {
    [facts.superseded_on, facts.suspended_on, facts.revoked_on]
        .into_iter()
        .flatten()
        .map(|d| d - Duration::days(1))
        .fold(facts.valid_through, NaiveDate::min)
}

/// Builds the rows of a checked request.
pub async fn build<C: ConnectionTrait>(
    conn: &C,
    request: &ReportRequest,
    today: NaiveDate,
) -> ServiceResult<Vec<PtntRow>> {
    let (from, to) = (request.period.from(), request.period.to());
    let as_of = to.min(today);
    let facts = certificates_in(conn, &request.within_unit(), as_of).await?;
    // The latest certificate of each product in force on some day of the period.
    let mut chosen: HashMap<Uuid, usize> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        let life = lifecycle(&f.certificate);
        if last_day_in_force(&life) < from || life.issued_on > as_of {
            continue;
        }
        let entry = chosen.entry(f.product_id).or_insert(i);
        if facts[*entry].issued_on < f.issued_on {
            *entry = i;
        }
    }
    let place_of = placements(conn, &facts.iter().map(|f| f.commune_id.clone()).collect::<Vec<_>>()).await?;
    let revenues: HashMap<Uuid, i64> = programme_activity_repo::revenues_in(conn, request.period.year)
        .await?
        .into_iter()
        .map(|r| (r.product_id, r.revenue_vnd))
        .collect();
    let window = expiring_window_months();
    let period = request.period.code();
    let mut out: Vec<PtntRow> = chosen
        .into_values()
        .map(|i| {
            let f = &facts[i];
            let code = match (request.view, place_of.get(&f.commune_id)) {
                (UnitView::Current, Some(p)) => p.current_commune_code.clone(),
                _ => f.commune_id.rsplit('/').next().unwrap_or_default().to_owned(),
            };
            let hundredths = revenues.get(&f.product_id).map(|v| hundredths_of_million(*v));
            PtntRow {
                ma_ocop: format!("{period}/{}", f.certificate.number),
                ma_don_vi_hanh_chinh: code,
                ma_thoi_gian: period.clone(),
                ma_san_pham: f.product_id.to_string(),
                ten_san_pham: f.product_name.clone(),
                xep_hang: format!("{}*", f.stars),
                chu_the_sxkd: f.producer_name.clone(),
                doanh_thu_hundredths: hundredths,
                doanh_thu_nam: hundredths.map_or_else(String::new, |h| format!("{}.{:02}", h / 100, h % 100)),
                trang_thai: status_words(lifecycle(&f.certificate).status_on(as_of, window)).to_owned(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.ma_don_vi_hanh_chinh, &a.ten_san_pham, &a.ma_ocop).cmp(&(
            &b.ma_don_vi_hanh_chinh,
            &b.ten_san_pham,
            &b.ma_ocop,
        ))
    });
    Ok(out)
}

/// The rows as CSV (UTF-8 with a byte order mark, header row of the field names,
/// `DoanhThuNam` with a decimal point and kept numeric; every text cell defused
/// against formulas: `csv_out`).
pub fn csv(rows: &[PtntRow]) -> ServiceResult<Vec<u8>> {
    crate::csv_out::write_records(&FIELDS, &["DoanhThuNam"], rows)
}

/// The rows as an .xlsx workbook: one sheet `PTNT_OCOP`, the field names in
/// the first row, `DoanhThuNam` a number with two decimals.
pub fn xlsx(rows: &[PtntRow]) -> ServiceResult<Vec<u8>> {
    workbook(rows).map_err(|e| ServiceError::Internal(format!("xlsx: {e}")))
}

fn workbook(rows: &[PtntRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("PTNT_OCOP")?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("0.00");
    for (col, name) in FIELDS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, value) in [
            &r.ma_ocop,
            &r.ma_don_vi_hanh_chinh,
            &r.ma_thoi_gian,
            &r.ma_san_pham,
            &r.ten_san_pham,
            &r.xep_hang,
            &r.chu_the_sxkd,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_string(row, col as u16, value)?;
        }
        if let Some(h) = r.doanh_thu_hundredths {
            sheet.write_number_with_format(row, 7, h as f64 / 100.0, &money)?;
        }
        sheet.write_string(row, 8, &r.trang_thai)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in [30, 12, 10, 38, 40, 8, 40, 14, 16].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_certificate_is_in_force_until_the_day_before_it_is_replaced_or_revoked() {
        let facts = ocop_domain::certificate::LifecycleFacts {
            issued_on: d(2023, 5, 1),
            valid_through: d(2026, 5, 1),
            superseded_on: None,
            suspended_on: Some(d(2025, 3, 10)),
            revoked_on: Some(d(2025, 4, 1)),
        };
        assert_eq!(last_day_in_force(&facts), d(2025, 3, 9));
        let plain = ocop_domain::certificate::LifecycleFacts {
            suspended_on: None,
            revoked_on: None,
            ..facts
        };
        assert_eq!(last_day_in_force(&plain), d(2026, 5, 1));
    }

    #[test]
    fn the_csv_has_the_field_names_even_when_empty() {
        let text = String::from_utf8(csv(&[]).unwrap()).unwrap();
        // The byte order mark first, so Excel on Windows reads the file as UTF-8.
        assert_eq!(text.trim_end(), format!("\u{feff}{}", FIELDS.join(",")));
        let row = PtntRow {
            ma_ocop: "2026/42-2026-4S-00001".into(),
            ma_don_vi_hanh_chinh: "18673".into(),
            ma_thoi_gian: "2026".into(),
            ma_san_pham: Uuid::nil().to_string(),
            ten_san_pham: "Kẹo cu đơ, Hà Tĩnh".into(),
            xep_hang: "4*".into(),
            chu_the_sxkd: "HTX Cu đơ".into(),
            doanh_thu_hundredths: Some(125_051),
            doanh_thu_nam: "1250.51".into(),
            trang_thai: "Còn hiệu lực".into(),
        };
        let text = String::from_utf8(csv(&[row]).unwrap()).unwrap();
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        assert_eq!(lines.next(), Some(FIELDS.join(",").as_str()));
        assert_eq!(
            lines.next(),
            Some(
                "2026/42-2026-4S-00001,18673,2026,00000000-0000-0000-0000-000000000000,\"Kẹo cu đơ, Hà Tĩnh\",4*,HTX Cu đơ,1250.51,Còn hiệu lực"
            )
        );
    }
}
