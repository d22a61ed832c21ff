//! Validation of a criteria set before publishing. Every problem is reported with its
//! location (`A / 1 / 1.2`), not just the first one.

use std::collections::BTreeSet;

use serde::Serialize;

use super::criteria::{CriteriaSet, SAMPLE_MARKER};
use super::legal_basis::LegalBases;
use super::points::Points;
use crate::{ErrorCode, Lang, ValidationErrors};

/// What is wrong with a criteria set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// The legal basis id is unknown.
    UnknownLegalBasis { id: String },
    /// The title is empty.
    EmptyTitle,
    /// No product set is named.
    NoProductSet,
    /// A demo sheet's title lacks [`SAMPLE_MARKER`].
    SampleNotMarked,
    /// A code appears twice.
    DuplicateCode { code: String },
    /// The legal basis defines this part but the set lacks it.
    MissingPart { code: String },
    /// The part is not one of the legal basis' parts.
    UnexpectedPart { code: String },
    /// The part's maximum differs from the legal basis'.
    PartMaxDiffers { expected: Points, found: Points },
    /// The children's maxima do not add up to the parent's maximum.
    SumMismatch { max: Points, sum: Points },
    /// The parts do not add up to 100.
    TotalNot100 { sum: Points },
    /// A criterion, group or part has nothing in it.
    Empty,
    /// A criterion's maximum differs from its highest option.
    MaxNotTopOption { max: Points, top: Points },
    /// A mandatory flag asks for 1★ or more points than the criterion gives.
    BadMandatory,
}

/// A problem and where it is (`A`, `A / 1`, `A / 1 / 1.2`, or empty for the whole set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedProblem {
    /// Part / group / criterion codes, or a field name.
    pub location: String,
    /// What is wrong.
    #[serde(flatten)]
    pub problem: Problem,
}

impl Problem {
    /// The stable error code of this kind of problem.
    pub fn code(&self) -> ErrorCode {
        use Problem::*;
        match self {
            UnknownLegalBasis { .. } => ErrorCode::UnknownLegalBasis,
            EmptyTitle | NoProductSet | SampleNotMarked => ErrorCode::CriteriaSetIncomplete,
            DuplicateCode { .. } => ErrorCode::DuplicateCode,
            MissingPart { .. } | UnexpectedPart { .. } | PartMaxDiffers { .. } => ErrorCode::CriteriaPartMismatch,
            SumMismatch { .. } | TotalNot100 { .. } => ErrorCode::CriteriaSumMismatch,
            Empty | MaxNotTopOption { .. } => ErrorCode::CriteriaOptionMismatch,
            BadMandatory => ErrorCode::InvalidMandatory,
        }
    }
}

/// The problems as field errors (field = location, `set` for the whole set), for the API.
pub fn as_validation_errors(problems: &[LocatedProblem]) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    for p in problems {
        let field = if p.location.is_empty() {
            "set"
        } else {
            p.location.as_str()
        };
        errors.add(field, p.problem.code());
    }
    errors
}

impl LocatedProblem {
    /// One sentence naming the location and the problem.
    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        let text = match (&self.problem, lang) {
            (UnknownLegalBasis { id }, Lang::Vi) => format!("căn cứ pháp lý không xác định: {id}"),
            (UnknownLegalBasis { id }, Lang::En) => format!("unknown legal basis: {id}"),
            (EmptyTitle, Lang::Vi) => "thiếu tiêu đề".to_owned(),
            (EmptyTitle, Lang::En) => "the title is empty".to_owned(),
            (NoProductSet, Lang::Vi) => "chưa nêu bộ sản phẩm áp dụng".to_owned(),
            (NoProductSet, Lang::En) => "no product set is named".to_owned(),
            (SampleNotMarked, Lang::Vi) => format!("bộ tiêu chí mẫu phải ghi “{SAMPLE_MARKER}” trong tiêu đề"),
            (SampleNotMarked, Lang::En) => format!("a demo sheet must carry “{SAMPLE_MARKER}” in its title"),
            (DuplicateCode { code }, Lang::Vi) => format!("mã {code} bị trùng"),
            (DuplicateCode { code }, Lang::En) => format!("code {code} appears twice"),
            (MissingPart { code }, Lang::Vi) => format!("thiếu phần {code}"),
            (MissingPart { code }, Lang::En) => format!("part {code} is missing"),
            (UnexpectedPart { code }, Lang::Vi) => format!("phần {code} không có trong căn cứ pháp lý"),
            (UnexpectedPart { code }, Lang::En) => format!("part {code} is not in the legal basis"),
            (PartMaxDiffers { expected, found }, Lang::Vi) => {
                format!("điểm tối đa của phần là {found}, căn cứ pháp lý quy định {expected}")
            }
            (PartMaxDiffers { expected, found }, Lang::En) => {
                format!("the part's maximum is {found}, the legal basis says {expected}")
            }
            (SumMismatch { max, sum }, Lang::Vi) => {
                format!("tổng điểm tối đa các mục con là {sum}, khác điểm tối đa {max}")
            }
            (SumMismatch { max, sum }, Lang::En) => format!("the children sum to {sum}, not to the maximum {max}"),
            (TotalNot100 { sum }, Lang::Vi) => format!("tổng điểm các phần là {sum}, phải bằng 100"),
            (TotalNot100 { sum }, Lang::En) => format!("the parts sum to {sum}, not 100"),
            (Empty, Lang::Vi) => "không có nội dung (tiêu chí hoặc mức điểm)".to_owned(),
            (Empty, Lang::En) => "nothing in it (criteria or options)".to_owned(),
            (MaxNotTopOption { max, top }, Lang::Vi) => {
                format!("điểm tối đa {max} khác mức điểm cao nhất {top}")
            }
            (MaxNotTopOption { max, top }, Lang::En) => format!("the maximum {max} is not the top option {top}"),
            (BadMandatory, Lang::Vi) => {
                "tiêu chí bắt buộc phải áp dụng từ 2 đến 5 sao và không vượt điểm tối đa".to_owned()
            }
            (BadMandatory, Lang::En) => {
                "a mandatory flag must apply to 2 to 5 stars and not exceed the maximum".to_owned()
            }
        };
        if self.location.is_empty() {
            text
        } else {
            format!("{}: {text}", self.location)
        }
    }
}

fn sum(points: impl Iterator<Item = Points>) -> Points {
    Points(points.map(|p| p.0).sum())
}

impl CriteriaSet {
    /// Checks the set against its legal basis; `Err` lists every problem found.
    pub fn validate(&self, bases: &LegalBases) -> Result<(), Vec<LocatedProblem>> {
        let mut found = Vec::new();
        let mut at = |location: String, problem| found.push(LocatedProblem { location, problem });

        if self.title.trim().is_empty() {
            at("title".into(), Problem::EmptyTitle);
        }
        if self.sample && !self.title.contains(SAMPLE_MARKER) {
            at("title".into(), Problem::SampleNotMarked);
        }
        if self.product_sets.iter().all(|s| s.trim().is_empty()) {
            at("product_sets".into(), Problem::NoProductSet);
        }
        let basis = bases.get(&self.legal_basis);
        if basis.is_none() {
            at(
                "legal_basis".into(),
                Problem::UnknownLegalBasis {
                    id: self.legal_basis.clone(),
                },
            );
        }

        let (mut parts, mut groups, mut criteria, mut disq) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for part in &self.parts {
            let p = part.code.clone();
            if !parts.insert(p.clone()) {
                at(p.clone(), Problem::DuplicateCode { code: p.clone() });
            }
            match basis.map(|b| b.parts.get(&p)) {
                Some(Some(&expected)) if expected != part.max => at(
                    p.clone(),
                    Problem::PartMaxDiffers {
                        expected,
                        found: part.max,
                    },
                ),
                Some(None) => at(p.clone(), Problem::UnexpectedPart { code: p.clone() }),
                _ => {}
            }
            if part.groups.is_empty() {
                at(p.clone(), Problem::Empty);
            }
            let group_sum = sum(part.groups.iter().map(|g| g.max));
            if group_sum != part.max {
                at(
                    p.clone(),
                    Problem::SumMismatch {
                        max: part.max,
                        sum: group_sum,
                    },
                );
            }
            for group in &part.groups {
                let g = format!("{p} / {}", group.code);
                if !groups.insert(group.code.clone()) {
                    at(
                        g.clone(),
                        Problem::DuplicateCode {
                            code: group.code.clone(),
                        },
                    );
                }
                if group.criteria.is_empty() {
                    at(g.clone(), Problem::Empty);
                }
                let criteria_sum = sum(group.criteria.iter().map(|c| c.max));
                if criteria_sum != group.max {
                    at(
                        g.clone(),
                        Problem::SumMismatch {
                            max: group.max,
                            sum: criteria_sum,
                        },
                    );
                }
                for criterion in &group.criteria {
                    let c = format!("{g} / {}", criterion.code);
                    if !criteria.insert(criterion.code.clone()) {
                        at(
                            c.clone(),
                            Problem::DuplicateCode {
                                code: criterion.code.clone(),
                            },
                        );
                    }
                    match criterion.options.iter().map(|o| o.points).max() {
                        None => at(c.clone(), Problem::Empty),
                        Some(top) if top != criterion.max => at(
                            c.clone(),
                            Problem::MaxNotTopOption {
                                max: criterion.max,
                                top,
                            },
                        ),
                        Some(_) => {}
                    }
                    if let Some(m) = criterion.mandatory
                        && (m.min_star.get() < 2 || m.min_points > criterion.max)
                    {
                        at(c.clone(), Problem::BadMandatory);
                    }
                }
            }
        }
        if let Some(basis) = basis {
            for code in basis.parts.keys().filter(|code| !parts.contains(*code)) {
                at(code.clone(), Problem::MissingPart { code: code.clone() });
            }
        }
        let total = sum(self.parts.iter().map(|p| p.max));
        if total != Points::whole(100) {
            at(String::new(), Problem::TotalNot100 { sum: total });
        }
        for d in &self.disqualifiers {
            if !disq.insert(d.code.clone()) {
                at(
                    format!("disqualifier / {}", d.code),
                    Problem::DuplicateCode { code: d.code.clone() },
                );
            }
        }
        if found.is_empty() { Ok(()) } else { Err(found) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::criteria::{CriterionOption, Mandatory};
    use crate::evaluation::points::Stars;

    fn bases() -> &'static LegalBases {
        LegalBases::official()
    }

    #[test]
    fn the_qd1048_sheet_validates() {
        assert_eq!(CriteriaSet::qd1048_fresh_produce().validate(bases()), Ok(()));
    }

    #[test]
    fn every_problem_is_listed_with_its_place() {
        let mut set = CriteriaSet::qd1048_fresh_produce();
        set.title = " ".into();
        // 1.2: max 3 → 4 breaks the criterion (top option 3), group 1 (18 ≠ 19)
        set.parts[0].groups[0].criteria[1].max = Points::whole(4);
        // a duplicate criterion code
        set.parts[1].groups[0].criteria[2].code = "4.1".into();
        // a mandatory flag for 1★
        set.parts[2].groups[0].criteria[0].mandatory = Some(Mandatory {
            min_star: Stars::ONE,
            min_points: Points::whole(1),
        });
        // part C claims 45: differs from the basis, its groups and the total
        set.parts[2].max = Points::whole(45);
        set.sample = true;
        let problems = set.validate(bases()).unwrap_err();
        let messages: Vec<String> = problems.iter().map(|p| p.message(Lang::Vi)).collect();
        assert_eq!(
            messages,
            [
                "title: thiếu tiêu đề",
                "title: bộ tiêu chí mẫu phải ghi “Bộ tiêu chí mẫu — không phải văn bản chính thức” trong tiêu đề",
                "A / 1: tổng điểm tối đa các mục con là 19.00, khác điểm tối đa 18.00",
                "A / 1 / 1.2: điểm tối đa 4.00 khác mức điểm cao nhất 3.00",
                "B / 4 / 4.1: mã 4.1 bị trùng",
                "C: điểm tối đa của phần là 45.00, căn cứ pháp lý quy định 40.00",
                "C: tổng điểm tối đa các mục con là 40.00, khác điểm tối đa 45.00",
                "C / 6 / 6.1: tiêu chí bắt buộc phải áp dụng từ 2 đến 5 sao và không vượt điểm tối đa",
                "tổng điểm các phần là 105.00, phải bằng 100",
            ]
        );
    }

    #[test]
    fn parts_must_match_the_legal_basis() {
        let mut set = CriteriaSet::qd1048_fresh_produce();
        set.legal_basis = "QD148-2023".into(); // A 40 / B 25 / C 35
        set.parts.pop();
        let problems = set.validate(bases()).unwrap_err();
        let kinds: Vec<&Problem> = problems.iter().map(|p| &p.problem).collect();
        assert!(kinds.contains(&&Problem::PartMaxDiffers {
            expected: Points::whole(40),
            found: Points::whole(35)
        }));
        assert!(kinds.contains(&&Problem::MissingPart { code: "C".into() }));
        assert!(kinds.contains(&&Problem::TotalNot100 { sum: Points::whole(60) }));

        set.legal_basis = "QD999".into();
        let problems = set.validate(bases()).unwrap_err();
        assert_eq!(problems[0].location, "legal_basis");
    }

    #[test]
    fn an_empty_criterion_and_a_marked_sample_pass_or_fail_as_expected() {
        let mut set = CriteriaSet::qd1048_fresh_produce();
        set.sample = true;
        set.title = format!("{} — {SAMPLE_MARKER}", set.title);
        assert_eq!(set.validate(bases()), Ok(()));
        let c = &mut set.parts[0].groups[0].criteria[5];
        c.options.clear();
        let problems = set.validate(bases()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].problem, Problem::Empty);
        assert_eq!(problems[0].location, "A / 1 / 1.6");
        set.parts[0].groups[0].criteria[5].options.push(CriterionOption {
            text: "x".into(),
            points: Points::whole(1),
        });
        assert_eq!(set.validate(bases()), Ok(()));
    }
}
