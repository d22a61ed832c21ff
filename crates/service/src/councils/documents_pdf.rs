//! The batch's documents as PDF: the words and numbers of a batch (its council, members,
//! attendance, recusals, rounds, disqualifiers found, results and recognition decision) put
//! into `ocop_documents::council`'s sheets, rendered on a blocking thread. Access is the
//! caller's (`documents::render_file`): the same as the .xlsx downloads.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use ocop_documents::council::{
    self as sheets, AnnexTable, Article, Attendee, DecisionSheet, DiscussionRow, DisqualifierRow, Head, MinutesSheet,
    RecusalRow, ResultRow, ResultsSheet, Signer,
};
use ocop_domain::certificate::department_name_on;
use ocop_domain::certificate::validity::VALIDITY_MONTHS;
use ocop_domain::evaluation::LegalBases;
use ocop_domain::evaluation::batch::BatchRoute;
use ocop_storage::entities::{council, decision};
use ocop_storage::repo::{admin_unit_repo, council_repo, dossier_repo};
use ocop_storage::{ConnectionTrait, Database};
use uuid::Uuid;

use super::MemberRole;
use super::batches::{BatchDossierDto, BatchDto};
use super::documents::{Document, outcome};
use crate::admin_units::places;
use crate::error::{ServiceError, ServiceResult};

/// 01/07/2025: districts abolished, communes report to the province.
fn two_level_government() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).expect("valid date")
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "Tỉnh Hà Tĩnh" → "tỉnh Hà Tĩnh" (after "Ủy ban nhân dân", inside a sentence).
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "UBND tỉnh Hà Tĩnh" → "Ủy ban nhân dân tỉnh Hà Tĩnh" (headers spell it out).
fn spelled_out(issuer: &str) -> String {
    match issuer.strip_prefix("UBND ") {
        Some(rest) => format!("Ủy ban nhân dân {rest}"),
        None => issuer.to_owned(),
    }
}

/// What a document needs beyond the batch view.
struct Context {
    council: council::Model,
    /// "Ủy ban nhân dân tỉnh Hà Tĩnh": the body the council belongs to.
    people_committee: String,
    /// The place in the date line ("Hà Tĩnh").
    place: String,
    /// "tỉnh Hà Tĩnh".
    unit_name: String,
    /// Dossier → the producer's commune as recorded and today.
    communes: HashMap<Uuid, String>,
    /// Titles of the dossiers' legal bases, in order of first use (the printed citation: a
    /// basis's internal `note` never reaches a document).
    legal_bases: Vec<String>,
    /// Part codes and names of the dossiers' criteria sets ("A" → "Sản phẩm và sức mạnh cộng đồng").
    parts: BTreeMap<String, String>,
    /// Each part's maxima on the dossiers' sheets, in hundredths ("C" → {3500}).
    part_maxima: BTreeMap<String, BTreeSet<u32>>,
    /// The sheets scored on, each with its legal basis ("Phiếu …; căn cứ Quyết định …").
    sheets: Vec<String>,
    decision: Option<decision::Model>,
}

async fn context<C: ConnectionTrait>(conn: &C, b: &BatchDto) -> ServiceResult<Context> {
    let council = council_repo::council(conn, b.council_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let unit = admin_unit_repo::get(conn, &council.unit_id)
        .await?
        .ok_or_else(|| ServiceError::Internal("council unit missing".into()))?;
    let unit_name = lower_first(&unit.full_name);
    let mut commune_of = HashMap::new();
    let mut legal_bases = Vec::new();
    let mut parts = BTreeMap::new();
    let mut part_maxima: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut sheets = Vec::new();
    let mut sets_seen = BTreeSet::new();
    for d in &b.dossiers {
        let row = dossier_repo::get(conn, d.dossier_id)
            .await?
            .ok_or_else(|| ServiceError::Internal("scheduled dossier missing".into()))?;
        if let Some(basis) = row.legal_basis.as_deref().and_then(|id| LegalBases::official().get(id))
            && !legal_bases.contains(&basis.title)
        {
            legal_bases.push(basis.title.clone());
        }
        if sets_seen.insert(row.criteria_set_id) {
            let (set, stored) = super::scoring::criteria_of(conn, &row).await?;
            let basis = LegalBases::official()
                .get(&stored.legal_basis)
                .map_or_else(|| stored.legal_basis.clone(), |b| b.title.clone());
            sheets.push(format!("{}; căn cứ {basis}", stored.title));
            for part in set.parts {
                part_maxima
                    .entry(part.code.clone())
                    .or_default()
                    .insert(part.max.hundredths());
                parts.entry(part.code).or_insert(part.name);
            }
        }
        commune_of.insert(d.dossier_id, row.commune_id);
    }
    let ids: Vec<String> = commune_of.values().cloned().collect();
    let found = places(conn, &ids).await?;
    let communes = commune_of
        .into_iter()
        .map(|(dossier, commune)| {
            let text = found.get(&commune).map(|p| p.summary()).unwrap_or(commune);
            (dossier, text)
        })
        .collect();
    let decision = match b.decision_id {
        Some(id) => council_repo::decision(conn, id).await?,
        None => None,
    };
    Ok(Context {
        people_committee: format!("Ủy ban nhân dân {unit_name}"),
        place: unit.name.clone(),
        unit_name,
        council,
        communes,
        legal_bases,
        parts,
        part_maxima,
        sheets,
        decision,
    })
}

/// "Phần A (tối đa 40 điểm): Sản phẩm …", the maxima as on the dossiers' own sheets (two
/// sheets with different maxima: both named).
fn part_legend(c: &Context) -> Vec<String> {
    c.parts
        .iter()
        .map(|(code, name)| {
            let maxima: Vec<String> = c
                .part_maxima
                .get(code)
                .into_iter()
                .flatten()
                .map(|m| {
                    ocop_documents::council::points_text(*m)
                        .trim_end_matches(",00")
                        .to_owned()
                })
                .collect();
            if maxima.is_empty() {
                format!("Phần {code}: {name}")
            } else {
                format!("Phần {code} (tối đa {} điểm): {name}", maxima.join(" hoặc "))
            }
        })
        .collect()
}

/// The sheets scored on with their legal basis, then the part legend.
fn sheet_notes(c: &Context) -> Vec<String> {
    let mut notes = Vec::new();
    if !c.sheets.is_empty() {
        notes.push(format!("Chấm điểm theo: {}.", c.sheets.join("; ")));
    }
    let legend = part_legend(c);
    if !legend.is_empty() {
        notes.push(format!("{}.", legend.join("; ")));
    }
    notes
}

fn result_row(c: &Context, d: &BatchDossierDto) -> ResultRow {
    ResultRow {
        product: d.product_name.clone(),
        producer: d.producer_name.clone(),
        commune: c.communes.get(&d.dossier_id).cloned().unwrap_or_default(),
        parts: c
            .parts
            .keys()
            .map(|code| d.parts.get(code).map(|p| p.hundredths()))
            .collect(),
        total: d.score.map(|p| p.hundredths()),
        stars: d.star.and_then(|s| u8::try_from(s).ok()),
        disqualified: !d.disqualifiers.is_empty(),
        outcome: outcome(d),
    }
}

/// The dossiers with a result, in the batch's order.
fn closed(b: &BatchDto) -> impl Iterator<Item = &BatchDossierDto> {
    b.dossiers.iter().filter(|d| d.score.is_some())
}

fn member_name(b: &BatchDto, role: &str) -> String {
    b.members
        .iter()
        .find(|m| m.role == role)
        .map(|m| m.full_name.clone())
        .unwrap_or_default()
}

fn council_signers(b: &BatchDto) -> Vec<Signer> {
    vec![
        Signer {
            capacity: None,
            title: "Thư ký hội đồng".into(),
            name: member_name(b, "secretary"),
        },
        Signer {
            capacity: None,
            title: "Chủ tịch hội đồng".into(),
            name: member_name(b, "chair"),
        },
    ]
}

fn council_head(c: &Context, number: &str, date: NaiveDate) -> Head {
    Head {
        issuer_parent: Some(c.people_committee.clone()),
        issuer: c.council.name.clone(),
        number: number.to_owned(),
        place: c.place.clone(),
        date,
    }
}

fn results_sheet(c: &Context, b: &BatchDto) -> ResultsSheet {
    let mut notes = sheet_notes(c);
    notes.push(
        "Điểm là trung bình cộng tổng điểm của các thành viên chấm điểm, làm tròn đến hai chữ số thập phân.".into(),
    );
    ResultsSheet {
        head: council_head(c, "", b.meeting_on),
        council: c.council.name.clone(),
        batch: b.name.clone(),
        meeting_on: b.meeting_on,
        part_names: c.parts.keys().cloned().collect(),
        rows: closed(b).map(|d| result_row(c, d)).collect(),
        notes,
        signers: council_signers(b),
    }
}

fn recusal_ground(code: &str) -> &'static str {
    match code {
        "same_producer" => "Cùng chủ thể",
        "family" => "Quan hệ gia đình",
        "employer" => "Cùng cơ quan, đơn vị",
        _ => "Khác",
    }
}

async fn minutes_sheet<C: ConnectionTrait>(conn: &C, c: &Context, b: &BatchDto) -> ServiceResult<MinutesSheet> {
    let product = |id: Option<Uuid>| {
        b.dossiers
            .iter()
            .find(|d| Some(d.dossier_id) == id)
            .map(|d| d.product_name.clone())
            .unwrap_or_default()
    };
    let scoring: Vec<_> = b
        .members
        .iter()
        .filter(|m| MemberRole::parse(&m.role).is_ok_and(MemberRole::scores))
        .collect();
    let recusals = council_repo::recusals(conn, b.id)
        .await?
        .into_iter()
        .map(|r| RecusalRow {
            product: product(Some(r.dossier_id)),
            member: b
                .members
                .iter()
                .find(|m| m.id == r.member_id)
                .map(|m| m.full_name.clone())
                .unwrap_or_default(),
            ground: recusal_ground(&r.reason).to_owned(),
            note: r.note,
        })
        .collect();
    Ok(MinutesSheet {
        head: council_head(c, "      /BB-HĐ", b.meeting_on),
        council: c.council.name.clone(),
        founding_number: c.council.decision_number.clone(),
        founding_date: c.council.decision_date,
        founding_issuer: c.people_committee.clone(),
        batch: b.name.clone(),
        meeting_on: b.meeting_on,
        sent_on: b.sent_on,
        members: b
            .members
            .iter()
            .map(|m| Attendee {
                name: m.full_name.clone(),
                // The terms of the basis in force on the meeting day.
                role: MemberRole::parse(&m.role)
                    .map_or_else(|_| m.role_label.clone(), |r| r.label_on(b.meeting_on).0.to_owned()),
                agency: m.agency.clone(),
                present: b.present.contains(&m.id),
                absence: absence(b, m.id).to_owned(),
            })
            .collect(),
        scoring_present: scoring.iter().filter(|m| b.present.contains(&m.id)).count(),
        scoring_seats: scoring.len(),
        chair_present: scoring.iter().any(|m| m.role == "chair" && b.present.contains(&m.id)),
        recusals,
        discussions: b
            .notes
            .iter()
            .map(|n| DiscussionRow {
                product: product(n.dossier_id),
                round: u32::try_from(n.round).unwrap_or_default(),
                kind: n.kind.label().0.to_owned(),
                text: n.body.clone(),
            })
            .collect(),
        disqualifiers: b
            .dossiers
            .iter()
            .flat_map(|d| {
                d.disqualifiers.iter().map(|f| DisqualifierRow {
                    product: d.product_name.clone(),
                    code: f.code.clone(),
                    text: f.text.clone(),
                    note: f.note.clone(),
                })
            })
            .collect(),
        part_names: c.parts.keys().cloned().collect(),
        results: closed(b).map(|d| result_row(c, d)).collect(),
        minutes: b.minutes.clone(),
        signers: council_signers(b),
    })
}

/// "02 sản phẩm 4 sao, 01 sản phẩm 3 sao" from the rows the decision rates.
fn by_star(rows: &[&BatchDossierDto]) -> String {
    let mut counts: BTreeMap<std::cmp::Reverse<i32>, usize> = BTreeMap::new();
    for d in rows {
        *counts
            .entry(std::cmp::Reverse(d.decided_stars.unwrap_or_default()))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(std::cmp::Reverse(star), n)| format!("{n:02} sản phẩm {star} sao"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn decision_sheet(c: &Context, b: &BatchDto, today: NaiveDate) -> DecisionSheet {
    // Recognised here: the recognised dossiers and those forwarded to the central level with
    // this level's own rating (the province's 4★).
    let recognised: Vec<&BatchDossierDto> = closed(b).filter(|d| d.decided_stars.is_some()).collect();
    let forwarded: Vec<&BatchDossierDto> = closed(b).filter(|d| d.route == Some(BatchRoute::Forward)).collect();
    let (issuer, number, date, ministry) = match &c.decision {
        Some(d) => (
            spelled_out(&d.issuer_name),
            d.number.clone(),
            d.decided_on,
            d.issuer_level == "ministry",
        ),
        None => (c.people_committee.clone(), "      /QĐ-UBND".to_owned(), today, false),
    };
    let authority = if ministry {
        format!("Bộ trưởng {issuer}")
    } else {
        format!("Chủ tịch {issuer}")
    };
    let mut grounds: Vec<String> = c.legal_bases.iter().map(|t| format!("Căn cứ {t};")).collect();
    grounds.push(format!(
        "Căn cứ Quyết định số {} ngày {} của {} về việc thành lập {};",
        c.council.decision_number,
        day(c.council.decision_date),
        c.people_committee,
        c.council.name
    ));
    grounds.push(format!(
        "Căn cứ Biên bản họp {} ngày {}.",
        c.council.name,
        day(b.meeting_on)
    ));
    let mut articles = Vec::new();
    let mut article = |text: String| {
        articles.push(Article {
            heading: format!("Điều {}.", articles.len() + 1),
            text,
        })
    };
    if recognised.is_empty() {
        article(format!(
            "Phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP {}: không có sản phẩm được công nhận đạt chuẩn OCOP.",
            b.name
        ));
    } else {
        article(format!(
            "Phê duyệt kết quả đánh giá, phân hạng và công nhận {:02} sản phẩm đạt chuẩn OCOP ({}) tại Mục I Phụ lục kèm theo Quyết định này. Giấy chứng nhận có hiệu lực {VALIDITY_MONTHS} tháng kể từ ngày ký Quyết định.",
            recognised.len(),
            by_star(&recognised)
        ));
    }
    if !forwarded.is_empty() {
        article(format!(
            "Đề nghị cấp trên đánh giá, phân hạng {:02} sản phẩm đạt từ 90 điểm trở lên tại Mục II Phụ lục kèm theo Quyết định này.",
            forwarded.len()
        ));
    }
    article(format!(
        "Quyết định có hiệu lực kể từ ngày ký. {} và các chủ thể có sản phẩm tại Phụ lục kèm theo chịu trách nhiệm thi hành Quyết định này.",
        if ministry {
            "Chánh Văn phòng Bộ, Chánh Văn phòng Điều phối nông thôn mới Trung ương".to_owned()
        } else {
            format!(
                "Chánh Văn phòng {}, Giám đốc {}, Chủ tịch Ủy ban nhân dân {} có sản phẩm",
                c.people_committee,
                // The department and the local units as they were on the decision's date.
                department_name_on(date),
                if date < two_level_government() {
                    "các huyện, thị xã, thành phố"
                } else {
                    "các xã, phường"
                }
            )
        }
    ));
    let last = articles.len();
    let (capacity, title) = if ministry {
        (None, "Bộ trưởng")
    } else {
        (Some("TM. Ủy ban nhân dân".to_owned()), "Chủ tịch")
    };
    let mut annex = vec![AnnexTable {
        caption: "I. Sản phẩm được công nhận đạt chuẩn OCOP".into(),
        rows: recognised
            .iter()
            .map(|d| ResultRow {
                stars: d.decided_stars.and_then(|s| u8::try_from(s).ok()),
                ..result_row(c, d)
            })
            .collect(),
    }];
    if !forwarded.is_empty() {
        annex.push(AnnexTable {
            caption: "II. Sản phẩm đạt từ 90 điểm, đề nghị cấp trên đánh giá".into(),
            rows: forwarded.iter().map(|d| result_row(c, d)).collect(),
        });
    }
    DecisionSheet {
        head: Head {
            issuer_parent: None,
            issuer: issuer.clone(),
            number: number.clone(),
            place: c.place.clone(),
            date,
        },
        draft: c.decision.is_none(),
        authority,
        subject: format!(
            "Về việc phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP {} — {}",
            c.unit_name, b.name
        ),
        grounds,
        articles,
        recipients: vec![
            format!("Như Điều {last}"),
            "Văn phòng Điều phối nông thôn mới Trung ương".into(),
            "Lưu: VT".into(),
        ],
        signer: Signer {
            capacity,
            title: title.into(),
            name: String::new(),
        },
        annex_reference: format!(
            "(Kèm theo Quyết định số {} ngày {} của {})",
            number.trim(),
            if c.decision.is_some() {
                day(date)
            } else {
                "   /   /    ".to_owned()
            },
            issuer
        ),
        part_names: c.parts.keys().cloned().collect(),
        annex,
        annex_notes: sheet_notes(c),
    }
}

/// The template and its data for one document of a batch (the caller checked access).
pub(crate) async fn template_data<C: ConnectionTrait>(
    conn: &C,
    b: &BatchDto,
    doc: Document,
) -> ServiceResult<(&'static str, serde_json::Value)> {
    let c = context(conn, b).await?;
    let render_error = |e: ocop_documents::DocumentError| ServiceError::Internal(format!("batch document: {e}"));
    Ok(match doc {
        Document::Results => (
            sheets::RESULTS_TEMPLATE,
            sheets::results_data(&results_sheet(&c, b)).map_err(render_error)?,
        ),
        Document::Minutes => (
            sheets::MINUTES_TEMPLATE,
            sheets::minutes_data(&minutes_sheet(conn, &c, b).await?).map_err(render_error)?,
        ),
        Document::Decision => (
            sheets::DECISION_TEMPLATE,
            sheets::decision_data(&decision_sheet(&c, b, crate::admin_units::today())).map_err(render_error)?,
        ),
    })
}

/// One document of a batch as PDF bytes (rendered on a blocking thread).
pub(crate) async fn render(db: &Database, b: &BatchDto, doc: Document) -> ServiceResult<Vec<u8>> {
    let (template, data) = template_data(db.conn(), b, doc).await?;
    tokio::task::spawn_blocking(move || ocop_documents::render_pdf(template, data))
        .await
        .map_err(|e| ServiceError::Internal(format!("PDF task: {e}")))?
        .map_err(|e| ServiceError::Internal(format!("batch document PDF: {e}")))
}

/// How the recorded attendance reads for a member who was not present, beyond "absent".
fn absence(b: &BatchDto, member: uuid::Uuid) -> &'static str {
    match b.attendance.iter().find(|a| a.member_id == member) {
        Some(a) if a.presence == "absent_with_proxy" => "có uỷ quyền, không tính vào số có mặt",
        Some(a) if a.presence.is_empty() => "chưa ghi nhận",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_inside_a_sentence() {
        assert_eq!(lower_first("Tỉnh Hà Tĩnh"), "tỉnh Hà Tĩnh");
        assert_eq!(lower_first("Đặc khu Phú Quốc"), "đặc khu Phú Quốc");
        assert_eq!(spelled_out("UBND tỉnh Hà Tĩnh"), "Ủy ban nhân dân tỉnh Hà Tĩnh");
        assert_eq!(
            spelled_out("Bộ Nông nghiệp và Môi trường"),
            "Bộ Nông nghiệp và Môi trường"
        );
    }
}
