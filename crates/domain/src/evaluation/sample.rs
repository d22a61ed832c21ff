//! Demo sheets (bộ tiêu chí mẫu) for product sets whose official sheet is not available
//! (QĐ 148 Phụ lục III, QĐ 26/2026): same parts and maxima as the legal basis, the group
//! names of reference §3.1, criteria of at most 5 points with one option per point.
//! They are for trials only: the title carries [`SAMPLE_MARKER`] and `sample` is set, so
//! validation refuses a copy whose title lost the marker.

use super::criteria::{CriteriaSet, Criterion, CriterionOption, Group, Part, SAMPLE_MARKER};
use super::legal_basis::LegalBasis;
use super::points::Points;

/// Group names per part (reference §3.1).
fn group_names(part: &str) -> &'static [&'static str] {
    match part {
        "A" => &["Tổ chức sản xuất", "Phát triển sản phẩm", "Sức mạnh cộng đồng"],
        "B" => &["Tiếp thị", "Câu chuyện về sản phẩm"],
        "C" => &[
            "Chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo",
            "Tiêu chuẩn sản phẩm",
            "Khả năng xuất khẩu, phân phối tại thị trường quốc tế",
        ],
        _ => &["Nhóm tiêu chí"],
    }
}

fn part_name(part: &str) -> &'static str {
    match part {
        "A" => "Sản phẩm và sức mạnh của cộng đồng",
        "B" => "Khả năng tiếp thị",
        "C" => "Chất lượng sản phẩm",
        _ => "Phần",
    }
}

/// Splits `total` whole points into `n` shares differing by at most one.
fn shares(total: u32, n: u32) -> impl Iterator<Item = u32> {
    (0..n).map(move |i| total / n + u32::from(i < total % n))
}

/// A demo sheet for `product_set` (code and name) under `basis`; the parts follow the basis.
pub fn sample_sheet(basis: &LegalBasis, product_set_code: &str, product_set_name: &str) -> CriteriaSet {
    let mut group_no = 0;
    let parts = basis
        .parts
        .iter()
        .map(|(code, max)| {
            let names = group_names(code);
            let groups = shares(max.hundredths() / 100, names.len() as u32)
                .zip(names)
                .map(|(group_max, name)| {
                    group_no += 1;
                    let criteria = shares(group_max, group_max.div_ceil(5))
                        .enumerate()
                        .map(|(i, criterion_max)| Criterion {
                            code: format!("{group_no}.{}", i + 1),
                            name: format!("{name} — tiêu chí mẫu {}", i + 1),
                            max: Points::whole(criterion_max),
                            options: (0..=criterion_max)
                                .map(|p| CriterionOption {
                                    text: format!("Mức {p} điểm"),
                                    points: Points::whole(p),
                                })
                                .collect(),
                            mandatory: None,
                            evidence: Vec::new(),
                        })
                        .collect();
                    Group {
                        code: group_no.to_string(),
                        name: (*name).to_owned(),
                        max: Points::whole(group_max),
                        criteria,
                    }
                })
                .collect();
            Part {
                code: code.clone(),
                name: part_name(code).to_owned(),
                max: *max,
                groups,
            }
        })
        .collect();
    CriteriaSet {
        legal_basis: basis.id.clone(),
        product_sets: vec![product_set_code.to_owned()],
        // Named by its legal basis's title, never its internal id ("QD26-2026" on screen).
        title: format!(
            "Phiếu đánh giá sản phẩm: {product_set_name}, theo {} — {SAMPLE_MARKER}",
            basis.title
        ),
        sample: true,
        parts,
        disqualifiers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::legal_basis::LegalBases;

    #[test]
    fn demo_sheets_validate_under_every_basis_and_say_what_they_are() {
        let bases = LegalBases::official();
        for basis in &bases.bases {
            for (code, name) in [
                ("I.1.a", "Rau, củ, quả, hạt tươi"),
                ("VI.1.a", "Dịch vụ du lịch cộng đồng"),
            ] {
                let sheet = sample_sheet(basis, code, name);
                assert_eq!(sheet.validate(bases), Ok(()), "{} {code}", basis.id);
                assert!(sheet.title.contains(SAMPLE_MARKER));
                assert!(sheet.criteria().all(|(_, c)| c.max <= Points::whole(5)));
                // the marker survives a round trip and cannot be dropped silently
                let mut copy = CriteriaSet::from_toml(&sheet.to_toml()).unwrap();
                assert_eq!(copy, sheet);
                copy.title = format!("Phiếu đánh giá sản phẩm: {name}");
                assert!(copy.validate(bases).is_err());
            }
        }
    }
}
