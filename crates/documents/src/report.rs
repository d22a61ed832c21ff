//! Báo cáo: a programme report laid out as a Vietnamese administrative
//! document — header with the issuing body and quốc hiệu, place and date,
//! title, numbered sections of paragraphs, tables and charts (SVG drawn by
//! the server, embedded as images), recipients and signature block.
//!
//! The template knows no OCOP figures: the caller resolves everything to
//! words and formatted numbers, so the same template serves any report.

use chrono::NaiveDate;
use serde::Serialize;

use crate::DocumentError;

/// The template of a report (uses the shared preamble).
pub const TEMPLATE: &str = include_str!("../templates/report.typ");

/// A whole report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportSheet {
    /// The body above the issuer, if any.
    pub issuer_parent: Option<String>,
    /// Issuing body ("Ủy ban nhân dân tỉnh Hà Tĩnh").
    pub issuer: String,
    /// Number and symbol, left blank for the office to fill ("      /BC-UBND").
    pub number: String,
    /// Place in the date line ("Hà Tĩnh").
    pub place: String,
    /// Day of the report.
    pub date: NaiveDate,
    /// "BÁO CÁO".
    pub title: String,
    /// "Kết quả thực hiện Chương trình OCOP 6 tháng đầu năm 2026".
    pub subtitle: String,
    /// Opening paragraphs.
    pub intro: Vec<String>,
    /// Sections, numbered by the caller ("I. …").
    pub sections: Vec<ReportSection>,
    /// Nơi nhận.
    pub recipients: Vec<String>,
    /// Signing capacity ("TM. Ủy ban nhân dân").
    pub signer_capacity: Option<String>,
    /// Signer's title ("Chủ tịch").
    pub signer_title: String,
    /// Signer's name (empty leaves room for a hand-written name).
    pub signer_name: String,
}

/// A section.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportSection {
    /// Heading.
    pub heading: String,
    /// Paragraphs, tables and charts in order.
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// Its text.
        text: String,
    },
    /// A table.
    Table(ReportTable),
    /// A chart.
    Chart(ReportChart),
}

/// A table: the header repeats on every page it runs over.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportTable {
    /// Caption above it.
    pub caption: Option<String>,
    /// Column headings.
    pub columns: Vec<String>,
    /// Relative widths, one per column.
    pub widths: Vec<u32>,
    /// Rows of cells (each as many as columns).
    pub rows: Vec<Vec<String>>,
    /// A total row in bold.
    pub total: Option<Vec<String>>,
    /// Columns from this index on are right-aligned (numbers).
    pub right_from: usize,
    /// Shown instead of an empty table.
    pub empty: String,
}

/// A chart: SVG text made on the server.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportChart {
    /// Caption under it.
    pub caption: String,
    /// The SVG.
    pub svg: String,
    /// Width as a percentage of the text width.
    pub width_percent: u32,
}

impl ReportTable {
    /// Checks that every row has a cell per column.
    fn check(&self) -> Result<(), DocumentError> {
        let n = self.columns.len();
        let bad = self.widths.len() != n
            || self.rows.iter().any(|r| r.len() != n)
            || self.total.as_ref().is_some_and(|t| t.len() != n);
        if bad {
            Err(DocumentError::Template(format!(
                "table {:?}: every row needs {n} cells",
                self.caption
            )))
        } else {
            Ok(())
        }
    }
}

/// The template data of a report.
pub fn report_data(sheet: &ReportSheet) -> Result<serde_json::Value, DocumentError> {
    for section in &sheet.sections {
        for block in &section.blocks {
            if let Block::Table(t) = block {
                t.check()?;
            }
        }
    }
    serde_json::to_value(sheet).map_err(|e| DocumentError::Template(e.to_string()))
}

/// The report as PDF (fonts embedded).
pub fn report_pdf(sheet: &ReportSheet) -> Result<Vec<u8>, DocumentError> {
    crate::render_pdf(TEMPLATE, report_data(sheet)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{page_count, page_texts, render_page};

    const CHART: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 100" width="100%"><text x="0" y="33" font-size="11" fill="#333">4★</text><rect x="150" y="20" width="170" height="18" fill="#2e7d32"/></svg>"##;

    pub(crate) fn sample(rows: usize) -> ReportSheet {
        let row = |i: usize| {
            vec![
                format!("Xã Cẩm Xuyên {i}"),
                "Nước mắm Phú Sang".to_owned(),
                "4".to_owned(),
                "12".to_owned(),
            ]
        };
        ReportSheet {
            issuer_parent: None,
            issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh".into(),
            number: "      /BC-UBND".into(),
            place: "Hà Tĩnh".into(),
            date: NaiveDate::from_ymd_opt(2026, 7, 3).unwrap(),
            title: "BÁO CÁO".into(),
            subtitle: "Kết quả thực hiện Chương trình OCOP 6 tháng đầu năm 2026".into(),
            intro: vec!["Số liệu tính đến ngày 30/06/2026, quy đổi về đơn vị hành chính hiện nay.".into()],
            sections: vec![
                ReportSection {
                    heading: "I. KẾT QUẢ THỰC HIỆN".into(),
                    blocks: vec![
                        Block::Paragraph {
                            text: "Toàn tỉnh có 42 sản phẩm OCOP còn hiệu lực.".into(),
                        },
                        Block::Table(ReportTable {
                            caption: Some("Bảng 1. Sản phẩm theo xã".into()),
                            columns: vec!["Xã".into(), "Sản phẩm".into(), "Sao".into(), "Số".into()],
                            widths: vec![3, 4, 1, 1],
                            rows: (0..rows).map(row).collect(),
                            total: Some(vec!["Tổng".into(), String::new(), String::new(), "12".into()]),
                            right_from: 2,
                            empty: "Không có".into(),
                        }),
                        Block::Chart(ReportChart {
                            caption: "Biểu đồ 1. Sản phẩm còn hiệu lực theo hạng sao".into(),
                            svg: CHART.into(),
                            width_percent: 80,
                        }),
                    ],
                },
                ReportSection {
                    heading: "II. NHIỆM VỤ".into(),
                    blocks: vec![Block::Table(ReportTable {
                        caption: None,
                        columns: vec!["Nhiệm vụ".into()],
                        widths: vec![1],
                        rows: Vec::new(),
                        total: None,
                        right_from: 1,
                        empty: "Không có nhiệm vụ trong kỳ.".into(),
                    })],
                },
            ],
            recipients: vec!["Văn phòng Điều phối nông thôn mới Trung ương".into(), "Lưu: VT".into()],
            signer_capacity: Some("TM. Ủy ban nhân dân".into()),
            signer_title: "Chủ tịch".into(),
            signer_name: String::new(),
        }
    }

    #[test]
    fn a_report_lays_out_its_vietnamese_text_tables_and_chart() {
        let data = report_data(&sample(3)).unwrap();
        let page = render_page(TEMPLATE, data.clone(), 0, 1.0).unwrap();
        assert!(page.dark_pixels() > 3_000, "page 1 looks blank: {}", page.dark_pixels());
        // The chart's green bar is drawn: some pixels are green, none of the text is.
        let green = (0..page.height)
            .flat_map(|y| (0..page.width).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let i = ((y * page.width + x) * 4) as usize;
                let [r, g, b] = [page.rgba[i], page.rgba[i + 1], page.rgba[i + 2]];
                g > 100 && r < 80 && b < 80
            })
            .count();
        assert!(green > 100, "the SVG chart is not drawn ({green} green pixels)");
        let text = page_texts(TEMPLATE, data).unwrap().join(" ");
        for expected in [
            "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
            "Độc lập - Tự do - Hạnh phúc",
            "Hà Tĩnh, ngày 03 tháng 7 năm 2026",
            "Kết quả thực hiện Chương trình OCOP 6 tháng đầu năm 2026",
            "I. KẾT QUẢ THỰC HIỆN",
            "Xã Cẩm Xuyên 2",
            "Nước mắm Phú Sang",
            "Không có nhiệm vụ trong kỳ.",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text:?}");
        }
    }

    #[test]
    fn a_long_table_runs_over_pages_and_a_ragged_one_is_refused() {
        let data = report_data(&sample(120)).unwrap();
        assert!(page_count(TEMPLATE, data.clone()).unwrap() >= 3);
        let pages = page_texts(TEMPLATE, data).unwrap();
        assert!(pages[1].contains("Sản phẩm"), "the header repeats on page 2");
        assert!(pages.iter().any(|p| p.contains("Xã Cẩm Xuyên 119")));
        let mut ragged = sample(2);
        if let Block::Table(t) = &mut ragged.sections[0].blocks[1] {
            t.rows[1].pop();
        }
        assert!(matches!(report_data(&ragged), Err(DocumentError::Template(_))));
    }
}
