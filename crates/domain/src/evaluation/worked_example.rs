//! A worked example on the QĐ 1048 sheet "Rau, củ, quả, hạt tươi", computed by hand and
//! reproduced exactly by the engine.
//!
//! Council: chair M1, members M2 and M3, member M4 recused (same producer), a secretary.
//! Scoring seats = 3 (the secretary holds none, M4 is recused); 3 sheets ≥ 75 % of 3, the
//! chair among them: quorum.
//!
//! M1 (option chosen → points):
//!   A  1.1 75–100 % local → 3 · 1.2 washing → 1 · 1.3 medium → 2 · 1.4 tight link → 1 ·
//!      1.5 EIA per rules → 3 · 1.6 no → 0                                     group 1 = 10
//!      2.1 own idea, tradition → 3 · 2.2 traceability → 2 · 2.3 convenient → 1  group 2 = 6
//!      3.1 HTX → 3 · 3.2 ≥ 50 % local managers → 2 · 3.3 → 1 · 3.4 → 1 ·
//!      3.5 regular accounting → 1                                             group 3 = 8
//!      A = 10 + 6 + 8 = 24
//!   B  4.1 ≥ 5 agents → 3 · 4.2 a person → 1 · 4.3 in-province promotion → 2   group 4 = 6
//!      5.1 on label → 3 · 5.2 local identity → 3 · 5.3 all elements → 2        group 5 = 8
//!      B = 14
//!   C  6.1 even → 2 · 6.2 suitable → 5 · 6.3 good → 3 · 6.4 good → 2 · 6.5 average → 1 = 13
//!      7 → 1 · 8 unique → 3 · 9.1 → 2 · 9.2 → 3 · 10 VietGAP → 4 · 11 regional → 1
//!      C = 13 + 1 + 3 + 5 + 4 + 1 = 27
//!   total 24 + 14 + 27 = 65
//! M2 = M1 but 1.2 high-tech → 2 (+1), 1.5 with evidence → 4 (+1), 4.3 out of province → 3
//!      (+1), 6.2 very suitable → 8 (+3):  A 26, B 15, C 30, total 71
//! M3 = M1 but 1.3 small → 1 (−1), 3.5 accounting system → 2 (+1), 5.1 documented → 2 (−1),
//!      6.4 acceptable → 1 (−1):           A 24, B 13, C 26, total 63
//!
//! Score = (65 + 71 + 63) / 3 = 199 / 3 = 66.333… → 66.33 (half-up on the hundredths)
//! Parts: A (24 + 26 + 24) / 3 = 24.666… → 24.67; B 42 / 3 = 14.00; C 83 / 3 = 27.666… → 27.67
//! (the rounded parts add up to 66.34: each mean is rounded on its own, as the decisions print)
//! Spread = 71 − 63 = 8 ≤ 10: no re-scoring. Band: 50 ≤ 66.33 < 70 → 3★; no mandatory
//! criteria on this sheet → cap 5★; star = min(3★, 5★) = 3★.

use std::collections::BTreeMap;

use super::criteria::CriteriaSet;
use super::legal_basis::LegalBases;
use super::points::{Points, Stars};
use super::scoring::{CouncilRole, ScoreSheet, Seat, score};

/// Option indices of M1 in sheet order (1.1 … 11), see the table above.
#[rustfmt::skip]
const M1: [(&str, usize); 31] = [
    ("1.1", 2), ("1.2", 1), ("1.3", 1), ("1.4", 1), ("1.5", 2), ("1.6", 0),
    ("2.1", 3), ("2.2", 2), ("2.3", 1),
    ("3.1", 2), ("3.2", 1), ("3.3", 1), ("3.4", 1), ("3.5", 1),
    ("4.1", 2), ("4.2", 1), ("4.3", 2),
    ("5.1", 3), ("5.2", 3), ("5.3", 1),
    ("6.1", 2), ("6.2", 3), ("6.3", 3), ("6.4", 2), ("6.5", 1),
    ("7", 1), ("8", 2), ("9.1", 2), ("9.2", 3), ("10", 4), ("11", 0),
];

fn sheet(member: &'static str, changes: &[(&str, usize)]) -> ScoreSheet<&'static str> {
    let mut choices: BTreeMap<String, usize> = M1.iter().map(|(c, i)| (c.to_string(), *i)).collect();
    for (code, option) in changes {
        choices.insert(code.to_string(), *option);
    }
    ScoreSheet { member, choices }
}

#[test]
fn the_hand_computed_example_is_reproduced() {
    let set = CriteriaSet::qd1048_fresh_produce();
    let seat = |member, role, recused| Seat { member, role, recused };
    let seats = [
        seat("M1", CouncilRole::Chair, false),
        seat("M2", CouncilRole::Member, false),
        seat("M3", CouncilRole::Member, false),
        seat("M4", CouncilRole::Member, true),
        seat("TK", CouncilRole::Secretary, false),
    ];
    let sheets = [
        sheet("M1", &[]),
        sheet("M2", &[("1.2", 2), ("1.5", 3), ("4.3", 3), ("6.2", 4)]),
        sheet("M3", &[("1.3", 0), ("3.5", 2), ("5.1", 2), ("6.4", 1)]),
    ];
    let result = score(&set, LegalBases::official(), &seats, &sheets, &[]).unwrap();
    assert_eq!(result.totals, [Points::whole(65), Points::whole(71), Points::whole(63)]);
    assert_eq!(result.score, Points(6633));
    assert_eq!(result.score.to_string(), "66.33");
    assert_eq!(result.parts["A"], Points(2467));
    assert_eq!(result.parts["B"], Points(1400));
    assert_eq!(result.parts["C"], Points(2767));
    assert_eq!(result.spread, Points::whole(8));
    assert!(!result.rescoring_required);
    assert_eq!(result.band, Stars::new(3).unwrap());
    assert_eq!(result.mandatory_cap, Stars::FIVE);
    assert_eq!(result.final_star(), Stars::new(3));
}
