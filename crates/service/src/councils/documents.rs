//! The batch's documents — the result table (bảng tổng hợp kết quả), the council minutes
//! (biên bản họp hội đồng) and the results decision (quyết định phê duyệt kết quả đánh giá,
//! phân hạng) — as .xlsx here and as PDF in [`super::documents_pdf`], and statistics per member
//! across batches (information only).

use std::collections::BTreeMap;

use ocop_domain::evaluation::Points;
use ocop_domain::role::Actor;
use ocop_storage::Database;
use ocop_storage::repo::council_repo;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::batches::{self, BatchDossierDto, BatchDto};
use super::load_council;
use crate::error::{ServiceError, ServiceResult};

/// The documents of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// Bảng tổng hợp kết quả.
    Results,
    /// Biên bản họp hội đồng.
    Minutes,
    /// Quyết định phê duyệt kết quả.
    Decision,
}

impl Document {
    /// Parses the .xlsx file name used in the URL (`results.xlsx`); see [`DocumentFile`] for
    /// both formats.
    pub fn parse(name: &str) -> Option<Self> {
        DocumentFile::parse(name)
            .filter(|f| f.format == FileFormat::Xlsx)
            .map(|f| f.document)
    }

    fn stem(self) -> &'static str {
        match self {
            Document::Results => "ket-qua-dot-danh-gia",
            Document::Minutes => "bien-ban-hop-hoi-dong",
            Document::Decision => "quyet-dinh-phe-duyet-ket-qua",
        }
    }

    /// The .xlsx download file name.
    pub fn file_name(self) -> &'static str {
        match self {
            Document::Results => "ket-qua-dot-danh-gia.xlsx",
            Document::Minutes => "bien-ban-hop-hoi-dong.xlsx",
            Document::Decision => "quyet-dinh-phe-duyet-ket-qua.xlsx",
        }
    }
}

/// How a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// A workbook.
    Xlsx,
    /// A PDF laid out as an administrative document (typst, Noto Serif embedded).
    Pdf,
}

/// A document in a format: the name in the URL (`minutes.pdf`, `results.xlsx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentFile {
    /// Which document.
    pub document: Document,
    /// Which format.
    pub format: FileFormat,
}

impl DocumentFile {
    /// Parses `results|minutes|decision` `.xlsx|.pdf`.
    pub fn parse(name: &str) -> Option<Self> {
        let (stem, extension) = name.rsplit_once('.')?;
        let document = match stem {
            "results" => Document::Results,
            "minutes" => Document::Minutes,
            "decision" => Document::Decision,
            _ => return None,
        };
        let format = match extension {
            "xlsx" => FileFormat::Xlsx,
            "pdf" => FileFormat::Pdf,
            _ => return None,
        };
        Some(Self { document, format })
    }

    /// The download file name (`bien-ban-hop-hoi-dong.pdf`).
    pub fn file_name(self) -> String {
        let extension = match self.format {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Pdf => "pdf",
        };
        format!("{}.{extension}", self.document.stem())
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self.format {
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileFormat::Pdf => "application/pdf",
        }
    }
}

/// Builds one document of a batch in its format, for a caller who may read the batch. Before
/// any dossier has a result only the minutes exist (409 otherwise).
pub async fn render_file(db: &Database, actor: &Actor, batch_id: Uuid, file: DocumentFile) -> ServiceResult<Vec<u8>> {
    match file.format {
        FileFormat::Xlsx => render(db, actor, batch_id, file.document).await,
        FileFormat::Pdf => {
            let b = batches::get(db, actor, batch_id).await?;
            require_results(&b, file.document)?;
            super::documents_pdf::render(db, &b, file.document).await
        }
    }
}

/// The same for the operator at the command line (`ocop batches document`), who has the
/// server's own rights: reads only, nothing is recorded.
pub async fn render_file_as_operator(db: &Database, batch_id: Uuid, file: DocumentFile) -> ServiceResult<Vec<u8>> {
    let operator = Actor {
        user_id: ocop_domain::ids::UserId(Uuid::nil()),
        username: "system:cli".to_owned(),
        role: ocop_domain::role::Role::Administrator,
        scope: ocop_domain::role::Scope::National,
    };
    render_file(db, &operator, batch_id, file).await
}

fn require_results(b: &BatchDto, doc: Document) -> ServiceResult<()> {
    if b.dossiers.iter().all(|d| d.score.is_none()) && doc != Document::Minutes {
        return Err(ServiceError::Conflict(ocop_domain::ErrorCode::BatchState));
    }
    Ok(())
}

/// A closed dossier's outcome in words: the route, or why it was disqualified.
pub(crate) fn outcome(d: &BatchDossierDto) -> String {
    if !d.disqualifiers.is_empty() {
        let codes: Vec<&str> = d.disqualifiers.iter().map(|f| f.code.as_str()).collect();
        return format!("Không công nhận — hồ sơ bị loại ({})", codes.join(", "));
    }
    d.route.map(|r| r.label().0).unwrap_or_default().to_owned()
}

/// A closed dossier's star in words: "4 sao", or "Loại" when disqualified.
fn star_label(d: &BatchDossierDto) -> String {
    match d.star {
        _ if !d.disqualifiers.is_empty() => "Loại".to_owned(),
        Some(s) => format!("{s} sao"),
        None => String::new(),
    }
}

fn xlsx_error(e: XlsxError) -> ServiceError {
    ServiceError::Internal(format!("xlsx: {e}"))
}

fn points(p: Option<Points>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

fn part(d: &BatchDossierDto, code: &str) -> String {
    d.parts.get(code).map(|p| p.to_string()).unwrap_or_default()
}

/// Writes the result table; `decided` keeps the dossiers the recognition decision rates
/// (recognised, and forwarded to the central level with the level's own rating) with that rating.
fn result_rows(sheet: &mut Worksheet, first_row: u32, b: &BatchDto, decided: bool) -> Result<u32, XlsxError> {
    let bold = Format::new().set_bold().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let cell = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let headers = [
        "STT",
        "Tên sản phẩm",
        "Chủ thể",
        "Phần A",
        "Phần B",
        "Phần C",
        "Tổng điểm",
        "Hạng sao",
        "Kết quả",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(first_row, c as u16, *h, &bold)?;
    }
    let mut row = first_row + 1;
    let mut n = 0;
    for d in &b.dossiers {
        if d.score.is_none() || (decided && d.decided_stars.is_none()) {
            continue;
        }
        n += 1;
        let values = [
            n.to_string(),
            d.product_name.clone(),
            d.producer_name.clone(),
            part(d, "A"),
            part(d, "B"),
            part(d, "C"),
            points(d.score),
            match (decided, d.decided_stars) {
                (true, Some(s)) => format!("{s} sao"),
                _ => star_label(d),
            },
            outcome(d),
        ];
        for (c, v) in values.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, v, &cell)?;
        }
        row += 1;
    }
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(2, 36)?;
    sheet.set_column_width(8, 26)?;
    Ok(row)
}

fn dd(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Builds one document of a batch.
pub async fn render(db: &Database, actor: &Actor, batch_id: Uuid, doc: Document) -> ServiceResult<Vec<u8>> {
    let b = batches::get(db, actor, batch_id).await?;
    require_results(&b, doc)?;
    let decision = match b.decision_id {
        Some(id) => council_repo::decision(db.conn(), id).await?,
        None => None,
    };
    let mut workbook = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    (|| -> Result<(), XlsxError> {
        match doc {
            Document::Results => {
                sheet.set_name("Kết quả")?;
                sheet.write_string_with_format(
                    0,
                    0,
                    "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
                    &title,
                )?;
                sheet.write_string(1, 0, format!("{} — {}", b.council_name, b.name))?;
                sheet.write_string(2, 0, format!("Ngày họp: {}", dd(b.meeting_on)))?;
                result_rows(sheet, 4, &b, false)?;
            }
            Document::Minutes => {
                sheet.set_name("Biên bản")?;
                sheet.write_string_with_format(
                    0,
                    0,
                    "BIÊN BẢN HỌP HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
                    &title,
                )?;
                sheet.write_string(1, 0, format!("{} — {}", b.council_name, b.name))?;
                sheet.write_string(2, 0, format!("Ngày họp: {}", dd(b.meeting_on)))?;
                if let Some(sent) = b.sent_on {
                    sheet.write_string(3, 0, format!("Ngày gửi hồ sơ điện tử tới thành viên: {}", dd(sent)))?;
                }
                sheet.write_string_with_format(5, 0, "Thành phần tham dự", &bold)?;
                let mut row = 6;
                for m in &b.members {
                    // As recorded (a proxy is recorded but not counted as present).
                    let present = b
                        .attendance
                        .iter()
                        .find(|a| a.member_id == m.id)
                        .map_or("Vắng mặt", |a| a.presence_label.as_str());
                    sheet.write_string(row, 0, &m.full_name)?;
                    sheet.write_string(row, 1, &m.role_label)?;
                    sheet.write_string(row, 2, &m.agency)?;
                    sheet.write_string(row, 3, present)?;
                    row += 1;
                }
                row += 1;
                sheet.write_string_with_format(row, 0, "Nội dung", &bold)?;
                row += 1;
                for line in b.minutes.lines() {
                    sheet.write_string(row, 0, line)?;
                    row += 1;
                }
                for note in &b.notes {
                    let kind = note.kind.label().0;
                    sheet.write_string(row, 0, format!("{kind} (vòng {}): {}", note.round, note.body))?;
                    row += 1;
                }
                for d in &b.dossiers {
                    for f in &d.disqualifiers {
                        sheet.write_string(
                            row,
                            0,
                            format!("Hồ sơ bị loại — {}: {} {} ({})", d.product_name, f.code, f.text, f.note),
                        )?;
                        row += 1;
                    }
                }
                row += 1;
                sheet.write_string_with_format(row, 0, "Kết quả chấm điểm", &bold)?;
                result_rows(sheet, row + 1, &b, false)?;
            }
            Document::Decision => {
                sheet.set_name("Quyết định")?;
                let heading = decision
                    .as_ref()
                    .map(|d| {
                        format!(
                            "{} — Quyết định số {} ngày {}",
                            d.issuer_name,
                            d.number,
                            dd(d.decided_on)
                        )
                    })
                    .unwrap_or_else(|| "Dự thảo".to_owned());
                sheet.write_string(0, 0, heading)?;
                sheet.write_string_with_format(
                    1,
                    0,
                    "QUYẾT ĐỊNH PHÊ DUYỆT KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
                    &title,
                )?;
                sheet.write_string(2, 0, format!("{} — {}", b.council_name, b.name))?;
                sheet.write_string(3, 0, "Danh sách sản phẩm được công nhận đạt hạng OCOP:")?;
                result_rows(sheet, 5, &b, true)?;
            }
        }
        Ok(())
    })()
    .map_err(xlsx_error)?;
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// One member's deviation from the council's scores across batches.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberStatistics {
    /// The member.
    pub member_id: Uuid,
    /// Name.
    pub full_name: String,
    /// Closed dossiers the member scored (final round).
    pub dossiers: usize,
    /// Mean of (member's total − product score), in points (positive: scores higher).
    pub mean_deviation: f64,
    /// Mean of |member's total − product score|.
    pub mean_absolute_deviation: f64,
}

/// For information only: how far each member scores from the council's product scores.
pub async fn statistics(db: &Database, actor: &Actor, council_id: Uuid) -> ServiceResult<Vec<MemberStatistics>> {
    let (council, members) = load_council(db.conn(), council_id).await?;
    if !super::reads(actor, &council, &members) {
        return Err(ServiceError::NotFound);
    }
    let mut deviations: BTreeMap<Uuid, Vec<i64>> = BTreeMap::new();
    for b in council_repo::batches(db.conn(), Some(&[council_id])).await? {
        let view = batches::get(db, actor, b.id).await?;
        for d in view.dossiers.iter().filter(|d| d.score.is_some()) {
            if !d.status.has_result() {
                continue;
            }
            let sheets = super::scoring::sheets(db, actor, b.id, d.dossier_id).await?;
            let score = i64::from(d.score.expect("filtered").hundredths());
            for s in sheets.others.iter().chain(sheets.mine.iter()) {
                deviations
                    .entry(s.member_id)
                    .or_default()
                    .push(i64::from(s.total.hundredths()) - score);
            }
        }
    }
    Ok(members
        .iter()
        .filter(|m| deviations.contains_key(&m.id))
        .map(|m| {
            let list = &deviations[&m.id];
            let n = list.len() as f64;
            MemberStatistics {
                member_id: m.id,
                full_name: m.full_name.clone(),
                dossiers: list.len(),
                mean_deviation: (list.iter().sum::<i64>() as f64 / n).round() / 100.0,
                mean_absolute_deviation: (list.iter().map(|d| d.abs()).sum::<i64>() as f64 / n).round() / 100.0,
            }
        })
        .collect())
}
