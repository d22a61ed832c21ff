//! A programme report as PDF: the figures of [`ProgrammeReport`] in words
//! and tables, laid out by `ocop_documents::report` as a Vietnamese
//! administrative report (issuing body, quốc hiệu, numbered sections,
//! recipients and signature), with the server-made SVG charts embedded.

use ocop_documents::report::{Block, ReportChart, ReportSection, ReportSheet, ReportTable, report_pdf as render};
use ocop_domain::programme::activity::{group_thousands, million_text};
use ocop_domain::programme::report::{Movement, Tally, total};

use super::reports::{ProgrammeReport, star_label};
use crate::error::{ServiceError, ServiceResult};

/// The report as PDF bytes (rendered on a blocking thread).
pub async fn report_pdf(report: &ProgrammeReport) -> ServiceResult<Vec<u8>> {
    let sheet = sheet(report);
    tokio::task::spawn_blocking(move || render(&sheet))
        .await
        .map_err(|e| ServiceError::Internal(format!("PDF task: {e}")))?
        .map_err(|e| ServiceError::Internal(format!("report PDF: {e}")))
}

fn n(v: i64) -> String {
    group_thousands(v)
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "Tỉnh Hà Tĩnh" → "tỉnh Hà Tĩnh" (inside a sentence or after "Ủy ban nhân dân").
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Tỉnh Hà Tĩnh" → "Hà Tĩnh" (the place in the date line).
fn place_name(full_name: &str) -> String {
    for prefix in [
        "Thành phố ",
        "Tỉnh ",
        "Đặc khu ",
        "Phường ",
        "Thị trấn ",
        "Thị xã ",
        "Huyện ",
        "Quận ",
        "Xã ",
    ] {
        if let Some(rest) = full_name.strip_prefix(prefix) {
            return rest.to_owned();
        }
    }
    full_name.to_owned()
}

fn unit_columns(first: &str) -> (Vec<String>, Vec<u32>) {
    let columns = [
        "STT",
        first,
        "3 sao",
        "4 sao",
        "5 sao",
        "Còn hiệu lực",
        "Mới",
        "Nâng hạng",
        "Công nhận lại",
        "Hết hạn",
        "Thu hồi",
    ];
    (
        columns.iter().map(|c| (*c).to_owned()).collect(),
        vec![2, 11, 2, 2, 2, 4, 2, 3, 3, 3, 3],
    )
}

fn unit_cells(t: &Tally) -> Vec<String> {
    let mut cells: Vec<String> = t.in_force.iter().map(|v| n(*v)).collect();
    cells.push(n(total(&t.in_force)));
    for row in [&t.new, &t.upgraded, &t.recertified, &t.expired, &t.revoked] {
        cells.push(n(total(row)));
    }
    cells
}

/// The sheet printed for a report.
pub fn sheet(r: &ProgrammeReport) -> ReportSheet {
    let s = &r.summary;
    let national = r.unit_level == "national";
    let (issuer_parent, issuer, place, capacity, title, recipients) = if national {
        (
            Some("Bộ Nông nghiệp và Môi trường".to_owned()),
            "Văn phòng Điều phối nông thôn mới Trung ương".to_owned(),
            "Hà Nội".to_owned(),
            None,
            "Chánh Văn phòng",
            vec![
                "Bộ trưởng Bộ Nông nghiệp và Môi trường (để báo cáo)".to_owned(),
                "Lưu: VT".to_owned(),
            ],
        )
    } else {
        let upward = if r.unit_level == "province" {
            "Văn phòng Điều phối nông thôn mới Trung ương"
        } else {
            "Văn phòng Điều phối nông thôn mới tỉnh"
        };
        (
            None,
            format!("Ủy ban nhân dân {}", lower_first(&r.unit_name)),
            place_name(&r.unit_name),
            Some("TM. Ủy ban nhân dân".to_owned()),
            "Chủ tịch",
            vec![upward.to_owned(), "Lưu: VT".to_owned()],
        )
    };
    let unit_in_sentence = if national {
        "cả nước".to_owned()
    } else {
        lower_first(&r.unit_name)
    };
    let forms: Vec<String> = s
        .producers_by_form
        .iter()
        .filter(|f| f.count > 0)
        .map(|f| format!("{} {}", lower_first(&f.label), n(f.count)))
        .collect();

    let mut sections = Vec::new();
    let mut results = vec![
        Block::Paragraph {
            text: format!(
                "Đến ngày {}, {} có {} sản phẩm OCOP còn hiệu lực (3 sao: {}; 4 sao: {}; 5 sao: {}), trong đó {} sản phẩm sắp hết hạn giấy chứng nhận.",
                day(r.as_of),
                unit_in_sentence,
                n(s.in_force),
                n(s.tally.in_force[0]),
                n(s.tally.in_force[1]),
                n(s.tally.in_force[2]),
                n(s.expiring)
            ),
        },
        Block::Paragraph {
            text: format!(
                "Trong kỳ có {} sản phẩm được công nhận: {} sản phẩm mới, {} sản phẩm nâng hạng sao, {} sản phẩm được công nhận lại; {} giấy chứng nhận hết hạn, {} giấy chứng nhận bị thu hồi; {} sản phẩm được đề nghị đánh giá, công nhận 5 sao.",
                n(s.certified),
                n(s.new),
                n(s.upgraded),
                n(s.recertified),
                n(s.expired),
                n(s.revoked),
                n(s.proposed_five_star)
            ),
        },
        Block::Paragraph {
            text: format!(
                "Có {} chủ thể có sản phẩm OCOP còn hiệu lực{}.",
                n(s.producers),
                if forms.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", forms.join("; "))
                }
            ),
        },
        Block::Paragraph {
            text: format!(
                "Xúc tiến thương mại, đào tạo và hỗ trợ: các chủ thể tham gia {} hội chợ, triển lãm, sự kiện xúc tiến thương mại; tổ chức {} lớp tập huấn cho {} lượt cán bộ và {} lượt người khác; giải ngân {} lượt hỗ trợ với tổng kinh phí {} triệu đồng.",
                n(s.fairs),
                n(s.trainings),
                n(s.officials_trained),
                n(s.others_trained),
                n(s.supports),
                million_text(s.support_vnd)
            ),
        },
        Block::Paragraph {
            text: format!(
                "Doanh thu năm {}: {} sản phẩm còn hiệu lực có số liệu, tổng {} triệu đồng.",
                r.from.format("%Y"),
                n(s.revenue_products),
                million_text(s.revenue_vnd)
            ),
        },
    ];
    results.push(Block::Chart(ReportChart {
        caption: "Biểu đồ 1. Sản phẩm OCOP còn hiệu lực theo hạng sao".into(),
        svg: r.star_chart.clone(),
        width_percent: 75,
    }));
    sections.push(ReportSection {
        heading: "I. KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH OCOP".into(),
        blocks: results,
    });

    let first = if r.rows_level == "province" {
        "Tỉnh, thành phố"
    } else {
        "Xã, phường"
    };
    let (columns, widths) = unit_columns(first);
    let mut tables = vec![
        Block::Paragraph {
            text: format!("Số liệu {}.", r.units_label),
        },
        Block::Table(ReportTable {
            caption: Some(format!(
                "Bảng 1. Sản phẩm OCOP theo {}",
                if r.rows_level == "province" {
                    "tỉnh, thành phố"
                } else {
                    "xã, phường"
                }
            )),
            columns,
            widths,
            rows: r
                .by_unit
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let mut row = vec![(i + 1).to_string(), u.label.clone()];
                    row.extend(unit_cells(&u.tally));
                    row
                })
                .collect(),
            total: Some({
                let mut row = vec![String::new(), "Tổng cộng".to_owned()];
                row.extend(unit_cells(&s.tally));
                row
            }),
            right_from: 2,
            empty: "Không có sản phẩm OCOP trong kỳ.".into(),
        }),
        Block::Table(ReportTable {
            caption: Some("Bảng 2. Sản phẩm OCOP theo hạng sao".into()),
            columns: [
                "Hạng",
                "Còn hiệu lực",
                "Sắp hết hạn",
                "Mới",
                "Nâng hạng",
                "Công nhận lại",
                "Hết hạn",
                "Thu hồi",
            ]
            .iter()
            .map(|c| (*c).to_owned())
            .collect(),
            widths: vec![3, 3, 3, 2, 3, 3, 2, 2],
            rows: r
                .by_star
                .iter()
                .map(|st| {
                    let mut row = vec![star_label(st.stars)];
                    row.extend(
                        [
                            st.in_force,
                            st.expiring,
                            st.new,
                            st.upgraded,
                            st.recertified,
                            st.expired,
                            st.revoked,
                        ]
                        .map(n),
                    );
                    row
                })
                .collect(),
            total: None,
            right_from: 1,
            empty: String::new(),
        }),
    ];
    if let Some(map) = &r.map {
        tables.push(Block::Chart(ReportChart {
            caption: "Biểu đồ 2. Sản phẩm OCOP còn hiệu lực theo xã, phường (vị trí theo tâm đơn vị hành chính)".into(),
            svg: map.clone(),
            width_percent: 70,
        }));
    }
    sections.push(ReportSection {
        heading: "II. SỐ LIỆU THEO ĐƠN VỊ HÀNH CHÍNH VÀ HẠNG SAO".into(),
        blocks: tables,
    });

    let mut lists = Vec::new();
    for (i, movement) in Movement::ALL.into_iter().enumerate() {
        let rows: Vec<Vec<String>> = r
            .products
            .iter()
            .filter(|p| p.movement == movement)
            .enumerate()
            .map(|(j, p)| {
                vec![
                    (j + 1).to_string(),
                    p.product_name.clone(),
                    p.producer_name.clone(),
                    p.unit_label.clone(),
                    match p.previous_stars {
                        Some(prev) if matches!(movement, Movement::Upgraded | Movement::Recertified) => {
                            format!("{} sao (trước: {prev})", p.stars)
                        }
                        _ => star_label(p.stars),
                    },
                    p.certificate_number.clone(),
                    day(p.on),
                ]
            })
            .collect();
        lists.push(Block::Table(ReportTable {
            caption: Some(format!("Bảng {}. {}", i + 3, movement.label().0)),
            columns: ["STT", "Sản phẩm", "Chủ thể", "Đơn vị", "Hạng", "Số GCN", "Ngày"]
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
            widths: vec![2, 7, 7, 6, 3, 8, 4],
            rows,
            total: None,
            right_from: 7,
            empty: format!("Không có ({}).", movement.label().0.to_lowercase()),
        }));
    }
    sections.push(ReportSection {
        heading: "III. DANH SÁCH SẢN PHẨM BIẾN ĐỘNG TRONG KỲ".into(),
        blocks: lists,
    });

    let t = &r.tasks;
    sections.push(ReportSection {
        heading: "IV. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ".into(),
        blocks: vec![
            Block::Paragraph {
                text: format!(
                    "Trong kỳ có {} nhiệm vụ: {} hoàn thành đúng hạn, {} hoàn thành chậm, {} quá hạn chưa hoàn thành, {} đang thực hiện.",
                    n(t.tasks.len() as i64),
                    n(t.done_on_time),
                    n(t.done_late),
                    n(t.late),
                    n(t.open)
                ),
            },
            Block::Table(ReportTable {
                caption: Some("Bảng 8. Nhiệm vụ trong kỳ".into()),
                columns: ["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tình trạng"]
                    .iter()
                    .map(|c| (*c).to_owned())
                    .collect(),
                widths: vec![2, 14, 7, 6, 6],
                rows: t
                    .tasks
                    .iter()
                    .enumerate()
                    .map(|(i, task)| {
                        vec![
                            (i + 1).to_string(),
                            task.title.clone(),
                            task.office.clone(),
                            task.deadline.clone(),
                            match task.done_on {
                                Some(d) => format!("{} ({})", task.completion.label().0, day(d)),
                                None => task.completion.label().0.to_owned(),
                            },
                        ]
                    })
                    .collect(),
                total: None,
                right_from: 5,
                empty: "Không có nhiệm vụ trong kỳ.".into(),
            }),
        ],
    });

    let mut targets = Vec::new();
    match &r.plan {
        None => targets.push(Block::Paragraph {
            text: format!("Đơn vị chưa có kế hoạch năm {} trong hệ thống.", r.from.format("%Y")),
        }),
        Some(plan) => {
            targets.push(Block::Table(ReportTable {
                caption: Some(format!("Bảng 9. {} (tính đến ngày {})", plan.title, day(r.as_of))),
                columns: ["Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ"]
                    .iter()
                    .map(|c| (*c).to_owned())
                    .collect(),
                widths: vec![10, 2, 2, 2],
                rows: plan
                    .targets
                    .iter()
                    .map(|tg| {
                        vec![
                            if tg.measured {
                                tg.text.clone()
                            } else {
                                format!("{} (nhập tay)", tg.text)
                            },
                            n(i64::from(tg.count)),
                            tg.actual.map(n).unwrap_or_else(|| "—".into()),
                            tg.percent.map(|p| format!("{p}%")).unwrap_or_default(),
                        ]
                    })
                    .collect(),
                total: None,
                right_from: 1,
                empty: "Kế hoạch chưa có chỉ tiêu.".into(),
            }));
            if let Some(chart) = &r.plan_chart {
                targets.push(Block::Chart(ReportChart {
                    caption: "Biểu đồ 3. Chỉ tiêu kế hoạch và kết quả thực hiện".into(),
                    svg: chart.clone(),
                    width_percent: 75,
                }));
            }
        }
    }
    sections.push(ReportSection {
        heading: "V. KẾT QUẢ THỰC HIỆN CHỈ TIÊU KẾ HOẠCH NĂM".into(),
        blocks: targets,
    });

    if let Some(o) = &r.oversight {
        let lines = o.lines();
        sections.push(ReportSection {
            heading: "VI. KIỂM TRA, GIÁM SÁT SAU CÔNG NHẬN (HẬU KIỂM)".into(),
            blocks: vec![Block::Table(ReportTable {
                caption: Some("Bảng 10. Kết quả hậu kiểm trong kỳ".into()),
                columns: ["Nội dung", "Số lượng"].iter().map(|c| (*c).to_owned()).collect(),
                widths: vec![12, 3],
                rows: lines
                    .into_iter()
                    .map(|(label, count)| vec![label, n(count as i64)])
                    .collect(),
                total: None,
                right_from: 1,
                empty: "Không có hoạt động hậu kiểm trong kỳ.".into(),
            })],
        });
    }

    ReportSheet {
        issuer_parent,
        issuer,
        number: "      /BC".to_owned() + if national { "-VPĐP" } else { "-UBND" },
        place,
        date: r.made_on,
        title: "BÁO CÁO".into(),
        subtitle: format!("Kết quả thực hiện Chương trình OCOP {}", r.period_label),
        intro: vec![format!(
            "Kỳ báo cáo từ ngày {} đến ngày {}; số liệu tính đến ngày {}, {}, tổng hợp từ hệ thống quản lý Chương trình OCOP.",
            day(r.from),
            day(r.to),
            day(r.as_of),
            r.units_label
        )],
        sections,
        recipients,
        signer_capacity: capacity,
        signer_title: title.to_owned(),
        signer_name: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_inside_sentences_and_date_lines() {
        assert_eq!(lower_first("Tỉnh Hà Tĩnh"), "tỉnh Hà Tĩnh");
        assert_eq!(place_name("Tỉnh Hà Tĩnh"), "Hà Tĩnh");
        assert_eq!(place_name("Thành phố Hà Nội"), "Hà Nội");
        assert_eq!(place_name("Xã Cẩm Xuyên"), "Cẩm Xuyên");
    }
}
