//! The council's documents for an evaluation batch, laid out as Vietnamese administrative
//! documents:
//!
//! - [`ResultsSheet`] — bảng tổng hợp kết quả đánh giá, phân hạng (landscape table: STT,
//!   product, producer, commune, part means, total, star, outcome);
//! - [`MinutesSheet`] — biên bản họp hội đồng (the council and its founding decision, the
//!   meeting, members present and absent, quorum, recusals, discussions and re-scoring rounds,
//!   disqualifiers found, the results, the secretary's text, the chair's and secretary's
//!   signatures);
//! - [`DecisionSheet`] — quyết định phê duyệt kết quả đánh giá, phân hạng (grounds, articles,
//!   recipients, signature, and an annex listing products, producers, scores and stars).
//!
//! The caller resolves names, roles and outcomes to words; this module formats the numbers
//! (decimal comma, two decimals: `77,33`) and dates, and builds the tables.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};

use crate::DocumentError;

/// The result table's template (landscape).
pub const RESULTS_TEMPLATE: &str = include_str!("../templates/results.typ");
/// The minutes' template.
pub const MINUTES_TEMPLATE: &str = include_str!("../templates/minutes.typ");
/// The results decision's template (with its annex).
pub const DECISION_TEMPLATE: &str = include_str!("../templates/decision.typ");

/// The header of a document: who issues it, its number and the place and date line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Head {
    /// The body above the issuer, if any ("Ủy ban nhân dân tỉnh Hà Tĩnh" above the council).
    pub issuer_parent: Option<String>,
    /// The issuer ("Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh").
    pub issuer: String,
    /// Number and symbol; blanks leave room for the office ("      /BB-HĐ").
    pub number: String,
    /// Place in the date line ("Hà Tĩnh").
    pub place: String,
    /// Date in the date line.
    pub date: NaiveDate,
}

/// A signature block.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Signer {
    /// Capacity above the title ("TM. Ủy ban nhân dân"), if any.
    pub capacity: Option<String>,
    /// Title ("Chủ tịch hội đồng").
    pub title: String,
    /// Name (empty leaves room for a hand-written one).
    pub name: String,
}

/// One dossier's result.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResultRow {
    /// Product name.
    pub product: String,
    /// Producer (chủ thể OCOP).
    pub producer: String,
    /// The producer's commune and province, as recorded.
    pub commune: String,
    /// Part means in hundredths, in the order of the part names given with the rows.
    pub parts: Vec<Option<u32>>,
    /// Product score in hundredths, once closed.
    pub total: Option<u32>,
    /// Stars, once closed (none when disqualified).
    pub stars: Option<u8>,
    /// Closed not recognised because a disqualifier was found.
    pub disqualified: bool,
    /// The outcome in words ("Công nhận", "Đề xuất cấp trung ương đánh giá", "Không công nhận —
    /// hồ sơ bị loại (L1)").
    pub outcome: String,
}

/// Hundredths as points with a decimal comma and two decimals: `7733` → `77,33`.
pub fn points_text(hundredths: u32) -> String {
    format!("{},{:02}", hundredths / 100, hundredths % 100)
}

fn day_text(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn star_text(row: &ResultRow) -> String {
    match (row.stars, row.disqualified) {
        (_, true) => "Loại".to_owned(),
        (Some(s), false) => format!("{s} sao"),
        (None, false) => "—".to_owned(),
    }
}

fn points_cell(p: Option<u32>) -> String {
    p.map(points_text).unwrap_or_else(|| "—".to_owned())
}

/// The result table's cells: STT, product, producer, commune, one column per part, total,
/// star, outcome.
fn results_table(part_names: &[String], rows: &[ResultRow], with_commune: bool) -> Result<Value, DocumentError> {
    let mut columns = vec!["STT".to_owned(), "Tên sản phẩm".to_owned(), "Chủ thể OCOP".to_owned()];
    let mut widths = vec![4, 18, 18];
    let mut aligns = vec!["center", "left", "left"];
    if with_commune {
        columns.push("Địa chỉ".to_owned());
        widths.push(16);
        aligns.push("left");
    }
    for name in part_names {
        columns.push(format!("Phần {name}"));
        widths.push(7);
        aligns.push("right");
    }
    columns.extend(["Tổng điểm".to_owned(), "Hạng sao".to_owned(), "Kết quả".to_owned()]);
    widths.extend([8, 7, 16]);
    aligns.extend(["right", "center", "left"]);
    let mut cells = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if row.parts.len() != part_names.len() {
            return Err(DocumentError::Template(format!(
                "result of {:?}: {} parts for {} part columns",
                row.product,
                row.parts.len(),
                part_names.len()
            )));
        }
        let mut line = vec![(i + 1).to_string(), row.product.clone(), row.producer.clone()];
        if with_commune {
            line.push(row.commune.clone());
        }
        line.extend(row.parts.iter().map(|p| points_cell(*p)));
        line.extend([points_cell(row.total), star_text(row), row.outcome.clone()]);
        cells.push(line);
    }
    Ok(json!({ "columns": columns, "widths": widths, "aligns": aligns, "rows": cells }))
}

fn head_value(head: &Head) -> Value {
    serde_json::to_value(head).expect("a header serialises")
}

/// Bảng tổng hợp kết quả đánh giá, phân hạng.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResultsSheet {
    /// Header (the council as issuer).
    pub head: Head,
    /// The council's name.
    pub council: String,
    /// The batch ("Đợt 2 năm 2026").
    pub batch: String,
    /// The meeting day.
    pub meeting_on: NaiveDate,
    /// Part codes in column order ("A", "B", "C").
    pub part_names: Vec<String>,
    /// One row per scored dossier.
    pub rows: Vec<ResultRow>,
    /// Under the table ("Phần A: Sản phẩm và sức mạnh cộng đồng; …").
    pub notes: Vec<String>,
    /// Who signs: the secretary, then the chair.
    pub signers: Vec<Signer>,
}

/// The result table's template data.
pub fn results_data(sheet: &ResultsSheet) -> Result<Value, DocumentError> {
    Ok(json!({
        "head": head_value(&sheet.head),
        "title": "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        "subtitle": format!("{} — {}", sheet.batch, sheet.council),
        "intro": format!("Phiên họp Hội đồng ngày {}; {} sản phẩm được chấm điểm.", day_text(sheet.meeting_on), sheet.rows.len()),
        "table": results_table(&sheet.part_names, &sheet.rows, true)?,
        "notes": sheet.notes,
        "signers": sheet.signers,
    }))
}

/// A member of the council as the minutes list them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attendee {
    /// Full name.
    pub name: String,
    /// Role in words ("Chủ tịch hội đồng").
    pub role: String,
    /// Agency.
    pub agency: String,
    /// Present at the meeting.
    pub present: bool,
    /// For a member not present, how the record reads beyond "absent" (e.g. "có uỷ quyền,
    /// không tính vào số có mặt", "chưa ghi nhận"); empty otherwise.
    pub absence: String,
}

/// A declared conflict of interest.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecusalRow {
    /// The product.
    pub product: String,
    /// The member.
    pub member: String,
    /// The ground in words ("Quan hệ gia đình").
    pub ground: String,
    /// The member's note.
    pub note: String,
}

/// A recorded discussion or round.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiscussionRow {
    /// The product.
    pub product: String,
    /// The round it opened.
    pub round: u32,
    /// What it was ("Thảo luận, chấm lại").
    pub kind: String,
    /// The discussion.
    pub text: String,
}

/// A disqualifier found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DisqualifierRow {
    /// The product.
    pub product: String,
    /// The disqualifier's code.
    pub code: String,
    /// Its wording.
    pub text: String,
    /// The council's note.
    pub note: String,
}

/// Biên bản họp hội đồng.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MinutesSheet {
    /// Header (the council as issuer, under its parent body).
    pub head: Head,
    /// The council's name.
    pub council: String,
    /// Number of the decision founding the council.
    pub founding_number: String,
    /// Its date.
    pub founding_date: NaiveDate,
    /// Who signed it ("Ủy ban nhân dân tỉnh Hà Tĩnh").
    pub founding_issuer: String,
    /// The batch.
    pub batch: String,
    /// The meeting day.
    pub meeting_on: NaiveDate,
    /// The day the electronic dossiers reached the members.
    pub sent_on: Option<NaiveDate>,
    /// Members, advisory team excluded, in the council's order.
    pub members: Vec<Attendee>,
    /// Members present who hold a scoring seat.
    pub scoring_present: usize,
    /// Scoring seats (the secretary holds none).
    pub scoring_seats: usize,
    /// The chair is present.
    pub chair_present: bool,
    /// Conflicts of interest declared.
    pub recusals: Vec<RecusalRow>,
    /// Discussions and new rounds.
    pub discussions: Vec<DiscussionRow>,
    /// Disqualifiers found.
    pub disqualifiers: Vec<DisqualifierRow>,
    /// Part codes in column order.
    pub part_names: Vec<String>,
    /// The results.
    pub results: Vec<ResultRow>,
    /// The secretary's minutes text (lines become paragraphs).
    pub minutes: String,
    /// The secretary, then the chair.
    pub signers: Vec<Signer>,
}

fn quorum_text(sheet: &MinutesSheet) -> String {
    let seats = sheet.scoring_seats.max(1);
    // 75 % of the scoring seats, the chair among them (legal_bases.toml [council]).
    let enough = sheet.scoring_present * 4 >= sheet.scoring_seats * 3 && sheet.chair_present;
    let percent = (sheet.scoring_present * 1000 / seats + 5) / 10;
    format!(
        "Có mặt {}/{} thành viên chấm điểm ({} %), {}; phiên họp {} điều kiện (tối thiểu 75 % thành viên chấm điểm, có Chủ tịch hội đồng).",
        sheet.scoring_present,
        sheet.scoring_seats,
        percent,
        if sheet.chair_present {
            "có Chủ tịch hội đồng"
        } else {
            "vắng Chủ tịch hội đồng"
        },
        if enough { "đủ" } else { "không đủ" }
    )
}

/// The minutes' template data.
pub fn minutes_data(sheet: &MinutesSheet) -> Result<Value, DocumentError> {
    let present: Vec<Vec<String>> = sheet
        .members
        .iter()
        .filter(|m| m.present)
        .enumerate()
        .map(|(i, m)| vec![(i + 1).to_string(), m.name.clone(), m.role.clone(), m.agency.clone()])
        .collect();
    let absent: Vec<String> = sheet
        .members
        .iter()
        .filter(|m| !m.present)
        .map(|m| {
            if m.absence.is_empty() {
                format!("{} ({})", m.name, m.role)
            } else {
                format!("{} ({}; {})", m.name, m.role, m.absence)
            }
        })
        .collect();
    let mut opening = vec![format!(
        "Căn cứ Quyết định số {} ngày {} của {} về việc thành lập {};",
        sheet.founding_number,
        day_text(sheet.founding_date),
        sheet.founding_issuer,
        sheet.council
    )];
    opening.push(format!(
        "Hôm nay, ngày {}, {} họp đánh giá, phân hạng sản phẩm OCOP {}.",
        day_text(sheet.meeting_on),
        sheet.council,
        sheet.batch.to_lowercase()
    ));
    opening.push(match sheet.sent_on {
        Some(day) => format!(
            "Hồ sơ điện tử của các sản phẩm được gửi tới thành viên Hội đồng ngày {}.",
            day_text(day)
        ),
        None => "Chưa ghi nhận ngày gửi hồ sơ điện tử tới thành viên Hội đồng.".to_owned(),
    });
    let table = |columns: &[&str], widths: &[u32], aligns: &[&str], rows: Vec<Vec<String>>| json!({ "columns": columns, "widths": widths, "aligns": aligns, "rows": rows });
    let recusals = table(
        &["STT", "Sản phẩm", "Thành viên", "Lý do", "Ghi chú"],
        &[4, 20, 16, 12, 20],
        &["center", "left", "left", "left", "left"],
        sheet
            .recusals
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.product.clone(),
                    r.member.clone(),
                    r.ground.clone(),
                    r.note.clone(),
                ]
            })
            .collect(),
    );
    let disqualifiers = table(
        &["STT", "Sản phẩm", "Điều kiện bị loại", "Hội đồng ghi nhận"],
        &[4, 18, 24, 24],
        &["center", "left", "left", "left"],
        sheet
            .disqualifiers
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    (i + 1).to_string(),
                    d.product.clone(),
                    format!("{} — {}", d.code, d.text),
                    d.note.clone(),
                ]
            })
            .collect(),
    );
    let discussions: Vec<String> = sheet
        .discussions
        .iter()
        .map(|d| format!("{} — {} (vòng {}): {}", d.product, d.kind, d.round, d.text))
        .collect();
    let minutes: Vec<&str> = sheet.minutes.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    Ok(json!({
        "head": head_value(&sheet.head),
        "title": "BIÊN BẢN",
        "subtitle": format!("Họp {} — {}", sheet.council, sheet.batch),
        "opening": opening,
        "meeting": format!("Thời gian: ngày {}.", day_text(sheet.meeting_on)),
        "present": table(
            &["STT", "Họ và tên", "Chức danh trong Hội đồng", "Cơ quan"],
            &[4, 18, 16, 24],
            &["center", "left", "left", "left"],
            present,
        ),
        "absent": absent,
        "quorum": quorum_text(sheet),
        "recusals": recusals,
        "discussions": discussions,
        "disqualifiers": disqualifiers,
        "results": results_table(&sheet.part_names, &sheet.results, false)?,
        "minutes": minutes,
        "signers": sheet.signers,
    }))
}

/// An article of a decision.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Article {
    /// "Điều 1."
    pub heading: String,
    /// Its text.
    pub text: String,
}

/// A table of the decision's annex.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnnexTable {
    /// Caption ("I. Sản phẩm được công nhận đạt chuẩn OCOP").
    pub caption: String,
    /// The products.
    pub rows: Vec<ResultRow>,
}

/// Quyết định phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DecisionSheet {
    /// Header; the number and date are the recognition decision's once it exists.
    pub head: Head,
    /// No decision yet: marked "DỰ THẢO".
    pub draft: bool,
    /// The authority deciding, as printed above the grounds ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH").
    pub authority: String,
    /// What it decides ("Phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP — Đợt 2 năm 2026").
    pub subject: String,
    /// "Căn cứ …;" paragraphs.
    pub grounds: Vec<String>,
    /// The articles.
    pub articles: Vec<Article>,
    /// Nơi nhận.
    pub recipients: Vec<String>,
    /// Who signs.
    pub signer: Signer,
    /// "(Kèm theo Quyết định số … ngày … của …)".
    pub annex_reference: String,
    /// Part codes in column order.
    pub part_names: Vec<String>,
    /// The annex's tables.
    pub annex: Vec<AnnexTable>,
    /// Under the annex: the criteria sets scored on with their legal basis, and each part's
    /// maximum on that sheet ("Phần A (tối đa 40 điểm): …").
    pub annex_notes: Vec<String>,
}

/// The decision's template data.
pub fn decision_data(sheet: &DecisionSheet) -> Result<Value, DocumentError> {
    let mut annex = Vec::with_capacity(sheet.annex.len());
    for t in &sheet.annex {
        annex.push(json!({
            "caption": t.caption,
            "table": results_table(&sheet.part_names, &t.rows, true)?,
        }));
    }
    Ok(json!({
        "head": head_value(&sheet.head),
        "draft": sheet.draft,
        "authority": sheet.authority,
        "subject": sheet.subject,
        "grounds": sheet.grounds,
        "articles": sheet.articles,
        "recipients": sheet.recipients,
        "signer": sheet.signer,
        "annex_reference": sheet.annex_reference,
        "annex": annex,
        "annex_notes": sheet.annex_notes,
    }))
}

/// The result table as PDF.
pub fn results_pdf(sheet: &ResultsSheet) -> Result<Vec<u8>, DocumentError> {
    crate::render_pdf(RESULTS_TEMPLATE, results_data(sheet)?)
}

/// The minutes as PDF.
pub fn minutes_pdf(sheet: &MinutesSheet) -> Result<Vec<u8>, DocumentError> {
    crate::render_pdf(MINUTES_TEMPLATE, minutes_data(sheet)?)
}

/// The results decision as PDF.
pub fn decision_pdf(sheet: &DecisionSheet) -> Result<Vec<u8>, DocumentError> {
    crate::render_pdf(DECISION_TEMPLATE, decision_data(sheet)?)
}

#[doc(hidden)]
pub mod samples;

#[cfg(test)]
mod tests;
