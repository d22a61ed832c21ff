//! A programme report as an .xlsx workbook: the summary, the table by unit,
//! the table by star, the lists of products, the tasks and the plan's
//! targets, one sheet each, numbers as numbers so offices can add their own
//! formulas.

use ocop_domain::programme::report::{Tally, total};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::reports::{ProgrammeReport, star_label};
use crate::error::{ServiceError, ServiceResult};

/// The workbook.
pub fn report_xlsx(report: &ProgrammeReport) -> ServiceResult<Vec<u8>> {
    workbook(report).map_err(|e| ServiceError::Internal(format!("xlsx: {e}")))
}

fn header(sheet: &mut Worksheet, row: u32, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *name, bold)?;
    }
    Ok(())
}

fn tally_cells(t: &Tally) -> Vec<i64> {
    let mut cells = t.in_force.to_vec();
    cells.push(total(&t.in_force));
    for row in [&t.new, &t.upgraded, &t.recertified, &t.expired, &t.revoked] {
        cells.push(total(row));
    }
    cells
}

const UNIT_COLUMNS: [&str; 9] = [
    "Còn hiệu lực 3 sao",
    "Còn hiệu lực 4 sao",
    "Còn hiệu lực 5 sao",
    "Còn hiệu lực (tổng)",
    "Công nhận mới",
    "Nâng hạng",
    "Công nhận lại",
    "Hết hạn",
    "Thu hồi",
];

fn workbook(r: &ProgrammeReport) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let date = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();

    // Summary.
    let s = &r.summary;
    let sheet = book.add_worksheet();
    sheet.set_name("Tong hop")?;
    sheet.write_string_with_format(0, 0, "BÁO CÁO KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH OCOP", &title)?;
    sheet.write_string(1, 0, format!("{} — {}", r.unit_name, r.period_label))?;
    sheet.write_string(
        2,
        0,
        format!(
            "Kỳ báo cáo {} – {}; số liệu tính đến ngày {}; {}.",
            date(r.from),
            date(r.to),
            date(r.as_of),
            r.units_label
        ),
    )?;
    header(sheet, 4, &["Chỉ tiêu", "Số lượng"], &bold)?;
    let mut rows: Vec<(String, f64)> = vec![
        ("Sản phẩm OCOP còn hiệu lực".into(), s.in_force as f64),
        ("  trong đó 3 sao".into(), s.tally.in_force[0] as f64),
        ("  trong đó 4 sao".into(), s.tally.in_force[1] as f64),
        ("  trong đó 5 sao".into(), s.tally.in_force[2] as f64),
        ("  sắp hết hạn".into(), s.expiring as f64),
        ("Sản phẩm được công nhận trong kỳ".into(), s.certified as f64),
        ("  công nhận mới".into(), s.new as f64),
        ("  nâng hạng sao".into(), s.upgraded as f64),
        ("  công nhận lại".into(), s.recertified as f64),
        ("Giấy chứng nhận hết hạn trong kỳ".into(), s.expired as f64),
        ("Giấy chứng nhận bị thu hồi trong kỳ".into(), s.revoked as f64),
        ("Sản phẩm đề nghị công nhận 5 sao".into(), s.proposed_five_star as f64),
        ("Chủ thể có sản phẩm còn hiệu lực".into(), s.producers as f64),
    ];
    for f in &s.producers_by_form {
        rows.push((format!("  {}", f.label), f.count as f64));
    }
    rows.extend([
        (
            "Hội chợ, triển lãm, xúc tiến thương mại đã tham gia".into(),
            s.fairs as f64,
        ),
        ("Lớp tập huấn".into(), s.trainings as f64),
        ("  cán bộ được tập huấn".into(), s.officials_trained as f64),
        ("  người khác được tập huấn".into(), s.others_trained as f64),
        ("Lượt hỗ trợ đã giải ngân".into(), s.supports as f64),
        ("  kinh phí (đồng)".into(), s.support_vnd as f64),
        (
            format!("Sản phẩm còn hiệu lực có doanh thu năm {}", r.from.format("%Y")),
            s.revenue_products as f64,
        ),
        ("  tổng doanh thu (đồng)".into(), s.revenue_vnd as f64),
        ("Nhiệm vụ hoàn thành đúng hạn".into(), r.tasks.done_on_time as f64),
        ("Nhiệm vụ hoàn thành chậm".into(), r.tasks.done_late as f64),
        ("Nhiệm vụ quá hạn chưa hoàn thành".into(), r.tasks.late as f64),
        ("Nhiệm vụ đang thực hiện".into(), r.tasks.open as f64),
    ]);
    if let Some(o) = &r.oversight {
        rows.extend(
            o.lines()
                .into_iter()
                .map(|(label, n)| (format!("Hậu kiểm: {label}"), n as f64)),
        );
    }
    for (i, (label, value)) in rows.iter().enumerate() {
        let row = 5 + i as u32;
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, *value)?;
    }
    sheet.set_column_width(0, 56)?;
    sheet.set_column_width(1, 18)?;

    // By unit.
    let sheet = book.add_worksheet();
    sheet.set_name(if r.rows_level == "province" {
        "Theo tinh"
    } else {
        "Theo xa"
    })?;
    let first = if r.rows_level == "province" {
        "Tỉnh, thành phố"
    } else {
        "Xã, phường"
    };
    let mut names = vec!["STT", first];
    names.extend(UNIT_COLUMNS);
    header(sheet, 0, &names, &bold)?;
    for (i, u) in r.by_unit.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, &u.label)?;
        for (col, v) in tally_cells(&u.tally).iter().enumerate() {
            sheet.write_number(row, 2 + col as u16, *v as f64)?;
        }
    }
    let row = 1 + r.by_unit.len() as u32;
    sheet.write_string_with_format(row, 1, "Tổng cộng", &bold)?;
    for (col, v) in tally_cells(&s.tally).iter().enumerate() {
        sheet.write_number_with_format(row, 2 + col as u16, *v as f64, &bold)?;
    }
    sheet.set_column_width(1, 48)?;
    sheet.set_freeze_panes(1, 2)?;

    // By star.
    let sheet = book.add_worksheet();
    sheet.set_name("Theo hang sao")?;
    header(
        sheet,
        0,
        &[
            "Hạng sao",
            "Còn hiệu lực",
            "Sắp hết hạn",
            "Công nhận mới",
            "Nâng hạng",
            "Công nhận lại",
            "Hết hạn",
            "Thu hồi",
        ],
        &bold,
    )?;
    for (i, st) in r.by_star.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, star_label(st.stars))?;
        for (col, v) in [
            st.in_force,
            st.expiring,
            st.new,
            st.upgraded,
            st.recertified,
            st.expired,
            st.revoked,
        ]
        .iter()
        .enumerate()
        {
            sheet.write_number(row, 1 + col as u16, *v as f64)?;
        }
    }
    sheet.set_column_width(0, 12)?;

    // Products.
    let sheet = book.add_worksheet();
    sheet.set_name("San pham")?;
    header(
        sheet,
        0,
        &[
            "STT",
            "Danh sách",
            "Sản phẩm",
            "Chủ thể",
            "Đơn vị",
            "Hạng sao",
            "Hạng trước",
            "Số giấy chứng nhận",
            "Ngày",
        ],
        &bold,
    )?;
    for (i, p) in r.products.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, p.movement.label().0)?;
        sheet.write_string(row, 2, &p.product_name)?;
        sheet.write_string(row, 3, &p.producer_name)?;
        sheet.write_string(row, 4, &p.unit_label)?;
        sheet.write_number(row, 5, f64::from(p.stars))?;
        if let Some(prev) = p.previous_stars {
            sheet.write_number(row, 6, f64::from(prev))?;
        }
        sheet.write_string(row, 7, &p.certificate_number)?;
        sheet.write_string(row, 8, date(p.on))?;
    }
    for (col, width) in [6, 30, 36, 36, 36, 9, 10, 22, 12].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    // Tasks.
    let sheet = book.add_worksheet();
    sheet.set_name("Nhiem vu")?;
    header(
        sheet,
        0,
        &[
            "STT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Thời hạn",
            "Hạn cuối",
            "Ngày hoàn thành",
            "Tình trạng",
        ],
        &bold,
    )?;
    for (i, t) in r.tasks.tasks.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, &t.title)?;
        sheet.write_string(row, 2, &t.office)?;
        sheet.write_string(row, 3, &t.deadline)?;
        sheet.write_string(row, 4, t.due_on.map(date).unwrap_or_default())?;
        sheet.write_string(row, 5, t.done_on.map(date).unwrap_or_default())?;
        sheet.write_string(row, 6, t.completion.label().0)?;
    }
    for (col, width) in [6, 60, 36, 24, 12, 14, 24].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }

    // Targets.
    let sheet = book.add_worksheet();
    sheet.set_name("Chi tieu")?;
    match &r.plan {
        None => {
            sheet.write_string(0, 0, format!("Đơn vị chưa có kế hoạch năm {}.", r.from.format("%Y")))?;
        }
        Some(plan) => {
            sheet.write_string_with_format(0, 0, &plan.title, &bold)?;
            header(
                sheet,
                1,
                &["Chỉ tiêu", "Kế hoạch", "Thực hiện", "%", "Cách tính"],
                &bold,
            )?;
            for (i, t) in plan.targets.iter().enumerate() {
                let row = 2 + i as u32;
                sheet.write_string(row, 0, &t.text)?;
                sheet.write_number(row, 1, f64::from(t.count))?;
                if let Some(a) = t.actual {
                    sheet.write_number(row, 2, a as f64)?;
                }
                if let Some(p) = t.percent {
                    sheet.write_number(row, 3, p as f64)?;
                }
                sheet.write_string(
                    row,
                    4,
                    if t.measured {
                        "tính từ dữ liệu"
                    } else {
                        "nhập tay"
                    },
                )?;
            }
            sheet.set_column_width(0, 60)?;
        }
    }
    book.save_to_buffer()
}
