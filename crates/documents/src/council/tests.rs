use super::*;
use crate::{missing_glyphs, page_count, page_texts, render_page};

/// Renders every page of a document, checks that none is blank and that no glyph on any page
/// is the font's missing glyph; returns the page texts.
fn check_document(template: &str, data: Value, min_pages: usize) -> Vec<String> {
    let pages = page_count(template, data.clone()).unwrap();
    assert!(pages >= min_pages, "{pages} pages");
    for page in 0..pages {
        let raster = render_page(template, data.clone(), page, 1.0).unwrap();
        assert!(
            raster.dark_pixels() > 2_000,
            "page {} looks blank: {} dark pixels",
            page + 1,
            raster.dark_pixels()
        );
    }
    let missing = missing_glyphs(template, data.clone()).unwrap();
    assert!(missing.is_empty(), "glyphs the font lacks: {missing:?}");
    page_texts(template, data).unwrap()
}

fn assert_contains(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "{e:?} missing from {text:?}");
    }
}

#[test]
fn points_have_a_decimal_comma_and_two_decimals() {
    assert_eq!(points_text(7733), "77,33");
    assert_eq!(points_text(6600), "66,00");
    assert_eq!(points_text(905), "9,05");
    assert_eq!(points_text(10_000), "100,00");
}

#[test]
fn the_result_table_is_a_landscape_page_with_every_score_in_vietnamese() {
    let data = results_data(&samples::results()).unwrap();
    let page = render_page(RESULTS_TEMPLATE, data.clone(), 0, 1.0).unwrap();
    assert_eq!((page.width, page.height), (842, 595), "A4 landscape at 1 px/pt");
    let text = check_document(RESULTS_TEMPLATE, data, 1).join(" ");
    assert_contains(
        &text,
        &[
            "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
            "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Hà Tĩnh, ngày 14 tháng 12 năm 2026",
            "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
            "Đợt 2 năm 2026 — Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh",
            "Phiên họp Hội đồng ngày 14/12/2026; 4 sản phẩm được chấm điểm.",
            "Kẹo cu đơ Thiên Cầm",
            "Hợp tác xã Kẹo cu đơ Bà Đậu",
            "Xã Cẩm Xuyên, tỉnh Hà Tĩnh",
            "28,67",
            "17,33",
            "31,33",
            "77,33",
            "4 sao",
            "Đề xuất cấp trung ương đánh giá",
            "Mật ong rừng Vũ Quang",
            "Hộ kinh doanh Nguyễn Thị Ưng",
            "Loại",
            "Không công nhận — hồ sơ bị loại (L2)",
            "THƯ KÝ HỘI ĐỒNG",
            "Hoàng Thị Thư",
            "CHỦ TỊCH HỘI ĐỒNG",
            "Nguyễn Văn Đức",
        ],
    );
    // No number is printed with a decimal point.
    assert!(!text.contains("77.33"), "{text}");
}

#[test]
fn the_minutes_record_the_meeting_from_attendance_to_signatures() {
    let data = minutes_data(&samples::minutes()).unwrap();
    let pages = check_document(MINUTES_TEMPLATE, data, 2);
    let text = pages.join(" ");
    assert_contains(
        &text,
        &[
            "BIÊN BẢN",
            "Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh — Đợt 2 năm 2026",
            "Căn cứ Quyết định số 1234/QĐ-UBND ngày 02/03/2026 của Ủy ban nhân dân tỉnh Hà Tĩnh về việc thành lập Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh;",
            "Hôm nay, ngày 14/12/2026",
            "Hồ sơ điện tử của các sản phẩm được gửi tới thành viên Hội đồng ngày 10/12/2026.",
            "I. THỜI GIAN, THÀNH PHẦN",
            "Trần Thị Ánh",
            "Phó Chủ tịch hội đồng",
            "Sở Nông nghiệp và Môi trường",
            "Vắng mặt: Phạm Quốc Cường (Thành viên).",
            "Có mặt 4/5 thành viên chấm điểm (80 %), có Chủ tịch hội đồng; phiên họp đủ điều kiện",
            "1. Khai báo xung đột lợi ích",
            "Lê Văn Bình",
            "Quan hệ gia đình",
            "Anh ruột của giám đốc công ty",
            "2. Thảo luận, chấm lại",
            "Bưởi Phúc Trạch — Thảo luận, chấm lại (vòng 2): Thống nhất cách hiểu tiêu chí 6.2 và 8",
            "3. Điều kiện hồ sơ bị loại",
            "L2 — Hồ sơ khai không trung thực",
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm trong hồ sơ đã hết hiệu lực từ 2024.",
            "4. Kết quả chấm điểm",
            "93,50",
            "5. Ý kiến của Hội đồng",
            "Hội đồng họp đủ thành phần theo quy chế.",
            "đề xuất Bộ Nông nghiệp và Môi trường đánh giá sản phẩm Bưởi Phúc Trạch.",
            "THƯ KÝ HỘI ĐỒNG",
            "CHỦ TỊCH HỘI ĐỒNG",
        ],
    );
    // The signatures close the last page.
    let last = pages.last().unwrap();
    assert!(
        last.contains("Nguyễn Văn Đức") && last.contains("Hoàng Thị Thư"),
        "{last}"
    );
}

#[test]
fn the_minutes_say_so_when_nothing_happened_and_when_quorum_is_missing() {
    let mut sheet = samples::minutes();
    sheet.recusals.clear();
    sheet.discussions.clear();
    sheet.disqualifiers.clear();
    sheet.minutes = String::new();
    sheet.sent_on = None;
    sheet.scoring_present = 3;
    sheet.chair_present = false;
    let text = page_texts(MINUTES_TEMPLATE, minutes_data(&sheet).unwrap())
        .unwrap()
        .join(" ");
    assert_contains(
        &text,
        &[
            "Không có thành viên khai báo xung đột lợi ích.",
            "Không có sản phẩm phải thảo luận, chấm lại.",
            "Hội đồng không phát hiện hồ sơ nào thuộc điều kiện bị loại.",
            "Không có ý kiến khác.",
            "Chưa ghi nhận ngày gửi hồ sơ điện tử tới thành viên Hội đồng.",
            "Có mặt 3/5 thành viên chấm điểm (60 %), vắng Chủ tịch hội đồng; phiên họp không đủ điều kiện",
        ],
    );
}

#[test]
fn the_decision_has_its_articles_and_an_annex_of_products_scores_and_stars() {
    let data = decision_data(&samples::decision()).unwrap();
    let pages = check_document(DECISION_TEMPLATE, data.clone(), 2);
    assert_contains(
        &pages[0],
        &[
            "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
            "Số: 2345/QĐ-UBND",
            "Hà Tĩnh, ngày 18 tháng 12 năm 2026",
            "QUYẾT ĐỊNH",
            "Về việc phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh — Đợt 2 năm 2026",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
            "Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023",
            "QUYẾT ĐỊNH:",
            "Điều 1.",
            "công nhận 03 sản phẩm đạt chuẩn OCOP (02 sản phẩm 4 sao, 01 sản phẩm 3 sao)",
            "Điều 2.",
            "Đề nghị cấp trên đánh giá, phân hạng 01 sản phẩm đạt từ 90 điểm trở lên",
            "Điều 3.",
            "Nơi nhận:",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Trần Thị Ánh",
        ],
    );
    assert!(!pages[0].contains("DỰ THẢO"));
    // The annex starts on its own landscape page.
    let annex = pages[1..].join(" ");
    let page = render_page(DECISION_TEMPLATE, data, 1, 1.0).unwrap();
    assert!(page.width > page.height, "the annex is landscape");
    assert_contains(
        &annex,
        &[
            "PHỤ LỤC",
            "(Kèm theo Quyết định số 2345/QĐ-UBND ngày 18/12/2026 của Ủy ban nhân dân tỉnh Hà Tĩnh)",
            "I. Sản phẩm được công nhận đạt chuẩn OCOP",
            "Kẹo cu đơ Thiên Cầm",
            "Hợp tác xã Kẹo cu đơ Bà Đậu",
            "77,33",
            "4 sao",
            "Nước mắm Phú Sang",
            "Công ty TNHH Thủy sản Đức Thọ",
            "66,00",
            "3 sao",
            "II. Sản phẩm đạt từ 90 điểm, đề xuất cấp trung ương đánh giá",
            "Bưởi Phúc Trạch",
        ],
    );
    assert!(
        !annex.contains("Mật ong rừng Vũ Quang"),
        "the disqualified product is not annexed"
    );
}

#[test]
fn a_draft_decision_is_marked() {
    let mut sheet = samples::decision();
    sheet.draft = true;
    sheet.head.number = "      /QĐ-UBND".into();
    let text = page_texts(DECISION_TEMPLATE, decision_data(&sheet).unwrap()).unwrap();
    assert!(text[0].contains("DỰ THẢO"), "{}", text[0]);
    assert!(text[0].contains("Số: /QĐ-UBND"), "{}", text[0]);
}

#[test]
fn a_glyph_the_font_lacks_is_caught_on_the_page_it_is_on() {
    // Noto Serif has no CJK ideographs nor the black star: both are laid out as .notdef.
    let mut sheet = samples::results();
    sheet.rows[1].product = "Nước mắm Phú Sang ★ 魚露".into();
    let data = results_data(&sheet).unwrap();
    let missing = missing_glyphs(RESULTS_TEMPLATE, data.clone()).unwrap();
    let chars: Vec<&str> = missing.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(chars, vec!["★", "魚", "露"], "{missing:?}");
    assert!(missing.iter().all(|m| m.page == 0), "{missing:?}");
    // The page text alone would not tell: the characters are there.
    let text = &page_texts(RESULTS_TEMPLATE, data).unwrap()[0];
    assert!(
        text.contains('★') && text.contains('魚') && text.contains('露'),
        "{text}"
    );
}

#[test]
fn a_row_with_the_wrong_number_of_parts_is_refused() {
    let mut sheet = samples::results();
    sheet.rows[0].parts.pop();
    assert!(matches!(results_data(&sheet), Err(DocumentError::Template(_))));
}
