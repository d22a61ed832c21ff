//! A realistic batch of the Hà Tĩnh council, used by the tests and by the example that writes
//! the three documents as PDF and PNG for a person to look at
//! (`scripts/render-documents.sh`). Not used by the application.

use chrono::NaiveDate;

use super::{
    AnnexTable, Article, Attendee, DecisionSheet, DiscussionRow, DisqualifierRow, Head, MinutesSheet, RecusalRow,
    ResultRow, ResultsSheet, Signer,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid sample date")
}

const COUNCIL: &str = "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh";
const BATCH: &str = "Đợt 2 năm 2026";

/// The council's header (under the province's people's committee).
pub fn council_head() -> Head {
    Head {
        issuer_parent: Some("Ủy ban nhân dân tỉnh Hà Tĩnh".into()),
        issuer: "Hội đồng đánh giá, phân hạng sản phẩm OCOP".into(),
        number: "      /BB-HĐ".into(),
        place: "Hà Tĩnh".into(),
        date: date(2026, 12, 14),
    }
}

/// Part codes of the sheet.
pub fn part_names() -> Vec<String> {
    vec!["A".into(), "B".into(), "C".into()]
}

/// Four dossiers: recognised 4★, recognised 3★, forwarded (≥ 90), disqualified.
pub fn rows() -> Vec<ResultRow> {
    vec![
        ResultRow {
            product: "Kẹo cu đơ Thiên Cầm".into(),
            producer: "Hợp tác xã Kẹo cu đơ Bà Đậu".into(),
            commune: "Xã Cẩm Xuyên, tỉnh Hà Tĩnh".into(),
            parts: vec![Some(2867), Some(1733), Some(3133)],
            total: Some(7733),
            stars: Some(4),
            disqualified: false,
            outcome: "Công nhận".into(),
        },
        ResultRow {
            product: "Nước mắm Phú Sang".into(),
            producer: "Công ty TNHH Thủy sản Đức Thọ".into(),
            commune: "Xã Đức Thọ, tỉnh Hà Tĩnh".into(),
            parts: vec![Some(2400), Some(1550), Some(2650)],
            total: Some(6600),
            stars: Some(3),
            disqualified: false,
            outcome: "Công nhận".into(),
        },
        ResultRow {
            product: "Bưởi Phúc Trạch".into(),
            producer: "Hợp tác xã Dịch vụ nông nghiệp Hương Khê".into(),
            commune: "Xã Hương Khê, tỉnh Hà Tĩnh".into(),
            parts: vec![Some(3300), Some(2300), Some(3750)],
            total: Some(9350),
            stars: Some(5),
            disqualified: false,
            outcome: "Đề xuất cấp trung ương đánh giá".into(),
        },
        ResultRow {
            product: "Mật ong rừng Vũ Quang".into(),
            producer: "Hộ kinh doanh Nguyễn Thị Ưng".into(),
            commune: "Xã Vũ Quang, tỉnh Hà Tĩnh".into(),
            parts: vec![Some(2500), Some(1600), Some(2800)],
            total: Some(6900),
            stars: None,
            disqualified: true,
            outcome: "Không công nhận — hồ sơ bị loại (L2)".into(),
        },
    ]
}

fn signers() -> Vec<Signer> {
    vec![
        Signer {
            capacity: None,
            title: "Thư ký hội đồng".into(),
            name: "Hoàng Thị Thư".into(),
        },
        Signer {
            capacity: None,
            title: "Chủ tịch hội đồng".into(),
            name: "Nguyễn Văn Đức".into(),
        },
    ]
}

/// The result table.
pub fn results() -> ResultsSheet {
    ResultsSheet {
        head: Head {
            number: String::new(),
            ..council_head()
        },
        council: COUNCIL.into(),
        batch: BATCH.into(),
        meeting_on: date(2026, 12, 14),
        part_names: part_names(),
        rows: rows(),
        notes: vec![
            "Phần A: Sản phẩm và sức mạnh cộng đồng; Phần B: Khả năng tiếp thị; Phần C: Chất lượng sản phẩm.".into(),
            "Điểm là trung bình cộng điểm của các thành viên chấm điểm, làm tròn đến hai chữ số thập phân.".into(),
        ],
        signers: signers(),
    }
}

/// The minutes.
pub fn minutes() -> MinutesSheet {
    let member = |name: &str, role: &str, agency: &str, present: bool| Attendee {
        name: name.into(),
        role: role.into(),
        agency: agency.into(),
        present,
        absence: String::new(),
    };
    MinutesSheet {
        head: council_head(),
        council: COUNCIL.into(),
        founding_number: "1234/QĐ-UBND".into(),
        founding_date: date(2026, 3, 2),
        founding_issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh".into(),
        batch: BATCH.into(),
        meeting_on: date(2026, 12, 14),
        sent_on: Some(date(2026, 12, 10)),
        members: vec![
            member("Nguyễn Văn Đức", "Chủ tịch hội đồng", "Ủy ban nhân dân tỉnh", true),
            member("Trần Thị Ánh", "Phó Chủ tịch hội đồng", "Sở Nông nghiệp và Môi trường", true),
            member("Lê Văn Bình", "Thành viên", "Sở Công Thương", true),
            member("Phạm Quốc Cường", "Thành viên", "Sở Khoa học và Công nghệ", false),
            member("Võ Thị Dung", "Thành viên", "Sở Y tế", true),
            member("Hoàng Thị Thư", "Thư ký", "Văn phòng Điều phối nông thôn mới tỉnh", true),
        ],
        scoring_present: 4,
        scoring_seats: 5,
        chair_present: true,
        recusals: vec![RecusalRow {
            product: "Nước mắm Phú Sang".into(),
            member: "Lê Văn Bình".into(),
            ground: "Quan hệ gia đình".into(),
            note: "Anh ruột của giám đốc công ty".into(),
        }],
        discussions: vec![DiscussionRow {
            product: "Bưởi Phúc Trạch".into(),
            round: 2,
            kind: "Thảo luận, chấm lại".into(),
            text: "Thống nhất cách hiểu tiêu chí 6.2 và 8: sản phẩm đã có kết quả kiểm nghiệm đầy đủ.".into(),
        }],
        disqualifiers: vec![DisqualifierRow {
            product: "Mật ong rừng Vũ Quang".into(),
            code: "L2".into(),
            text: "Hồ sơ khai không trung thực".into(),
            note: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm trong hồ sơ đã hết hiệu lực từ 2024.".into(),
        }],
        part_names: part_names(),
        results: rows(),
        minutes: "Hội đồng họp đủ thành phần theo quy chế.\nCác thành viên thống nhất kết quả đánh giá, đề nghị Ủy ban nhân dân tỉnh công nhận 2 sản phẩm và đề xuất Bộ Nông nghiệp và Môi trường đánh giá sản phẩm Bưởi Phúc Trạch.".into(),
        signers: signers(),
    }
}

/// The results decision (issued: number and date of the recognition decision).
pub fn decision() -> DecisionSheet {
    let all = rows();
    DecisionSheet {
        head: Head {
            issuer_parent: None,
            issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh".into(),
            number: "2345/QĐ-UBND".into(),
            place: "Hà Tĩnh".into(),
            date: date(2026, 12, 18),
        },
        draft: false,
        authority: "Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh".into(),
        subject: "Về việc phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh — Đợt 2 năm 2026".into(),
        grounds: vec![
            "Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm;".into(),
            "Căn cứ Quyết định số 1234/QĐ-UBND ngày 02/03/2026 của Ủy ban nhân dân tỉnh Hà Tĩnh về việc thành lập Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh;".into(),
            "Căn cứ Biên bản họp Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh ngày 14/12/2026.".into(),
        ],
        articles: vec![
            Article {
                heading: "Điều 1.".into(),
                text: "Phê duyệt kết quả đánh giá, phân hạng và công nhận 03 sản phẩm đạt chuẩn OCOP (02 sản phẩm 4 sao, 01 sản phẩm 3 sao) tại Mục I Phụ lục kèm theo Quyết định này.".into(),
            },
            Article {
                heading: "Điều 2.".into(),
                text: "Đề nghị cấp trên đánh giá, phân hạng 01 sản phẩm đạt từ 90 điểm trở lên tại Mục II Phụ lục kèm theo Quyết định này.".into(),
            },
            Article {
                heading: "Điều 3.".into(),
                text: "Quyết định có hiệu lực kể từ ngày ký. Giấy chứng nhận có hiệu lực 36 tháng kể từ ngày ký Quyết định.".into(),
            },
        ],
        recipients: vec!["Như Điều 3".into(), "Văn phòng Điều phối nông thôn mới Trung ương".into(), "Lưu: VT".into()],
        signer: Signer {
            capacity: Some("KT. Chủ tịch".into()),
            title: "Phó Chủ tịch".into(),
            name: "Trần Thị Ánh".into(),
        },
        annex_reference: "(Kèm theo Quyết định số 2345/QĐ-UBND ngày 18/12/2026 của Ủy ban nhân dân tỉnh Hà Tĩnh)".into(),
        part_names: part_names(),
        annex: vec![
            AnnexTable {
                caption: "I. Sản phẩm được công nhận đạt chuẩn OCOP".into(),
                // The province recognises the product it forwards at its own highest rating, 4★.
                rows: all[..3]
                    .iter()
                    .map(|row| ResultRow {
                        stars: row.stars.map(|stars| stars.min(4)),
                        outcome: "Công nhận".into(),
                        ..row.clone()
                    })
                    .collect(),
            },
            AnnexTable {
                caption: "II. Sản phẩm đạt từ 90 điểm, đề xuất cấp trung ương đánh giá".into(),
                rows: all[2..3].to_vec(),
            },
        ],
        annex_notes: vec![
            "Chấm điểm theo Phiếu đánh giá sản phẩm: Nước mắm (QĐ26-2026) — Bộ tiêu chí mẫu — không phải văn bản chính thức; căn cứ Quyết định số 26/2026/QĐ-TTg.".into(),
            "Phần A (tối đa 40 điểm): Sản phẩm và sức mạnh của cộng đồng; Phần B (tối đa 25 điểm): Khả năng tiếp thị; Phần C (tối đa 35 điểm): Chất lượng sản phẩm.".into(),
        ],
    }
}
