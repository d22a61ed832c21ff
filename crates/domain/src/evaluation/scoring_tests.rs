use proptest::prelude::*;

use super::*;
use crate::evaluation::criteria::Mandatory;

fn set() -> CriteriaSet {
    CriteriaSet::qd1048_fresh_produce()
}

fn bases() -> &'static LegalBases {
    LegalBases::official()
}

/// A sheet choosing option `pick(criterion_index, option_count)` for each criterion.
fn sheet(set: &CriteriaSet, member: u32, pick: impl Fn(usize, usize) -> usize) -> ScoreSheet<u32> {
    let choices = set
        .criteria()
        .enumerate()
        .map(|(i, (_, c))| (c.code.clone(), pick(i, c.options.len())))
        .collect();
    ScoreSheet { member, choices }
}

/// The top option of each criterion (highest points; 3.2 has its top at index 1).
fn top(set: &CriteriaSet, member: u32) -> ScoreSheet<u32> {
    let choices = set
        .criteria()
        .map(|(_, c)| {
            let best = (0..c.options.len())
                .max_by_key(|&i| (c.options[i].points, usize::MAX - i))
                .unwrap();
            (c.code.clone(), best)
        })
        .collect();
    ScoreSheet { member, choices }
}

/// Chair = 0, members 1..n, secretary = 99.
fn seats(n: u32) -> Vec<Seat<u32>> {
    let mut seats: Vec<Seat<u32>> = (0..n)
        .map(|m| Seat {
            member: m,
            role: if m == 0 {
                CouncilRole::Chair
            } else {
                CouncilRole::Member
            },
            recused: false,
        })
        .collect();
    seats.push(Seat {
        member: 99,
        role: CouncilRole::Secretary,
        recused: false,
    });
    seats
}

#[test]
fn top_options_sum_to_100() {
    let set = set();
    let totals = sheet_totals(&set, &top(&set, 0)).unwrap();
    assert_eq!(totals.total, Points::whole(100));
    assert_eq!(totals.parts["A"], Points::whole(35));
}

#[test]
fn a_sheet_lists_all_its_problems() {
    let set = set();
    let mut s = top(&set, 0);
    s.choices.remove("1.1");
    s.choices.insert("6.2".into(), 9);
    s.choices.insert("99".into(), 0);
    let problems = sheet_totals(&set, &s).unwrap_err();
    assert_eq!(problems.len(), 3);
}

#[test]
fn quorum_needs_three_quarters_and_the_chair() {
    let set = set();
    let seats = seats(4);
    let sheets: Vec<_> = (0..3).map(|m| top(&set, m)).collect();
    // 3 of 4 scoring seats (the secretary holds none), chair among them
    assert!(score(&set, bases(), &seats, &sheets, &[]).is_ok());
    // 2 of 4: no quorum
    assert_eq!(
        score(&set, bases(), &seats, &sheets[..2], &[]),
        Err(ScoringError::NoQuorum {
            sheets: 2,
            seats: 4,
            chair: true
        })
    );
    // 3 of 4 without the chair
    let without_chair: Vec<_> = (1..4).map(|m| top(&set, m)).collect();
    assert_eq!(
        score(&set, bases(), &seats, &without_chair, &[]),
        Err(ScoringError::NoQuorum {
            sheets: 3,
            seats: 4,
            chair: false
        })
    );
}

#[test]
fn recused_members_do_not_count_and_may_not_score() {
    let set = set();
    let mut seats = seats(5);
    seats[4].recused = true;
    // 3 of the 4 remaining seats
    let sheets: Vec<_> = (0..3).map(|m| top(&set, m)).collect();
    assert!(score(&set, bases(), &seats, &sheets, &[]).is_ok());
    let mut with_recused = sheets.clone();
    with_recused.push(top(&set, 4));
    assert_eq!(
        score(&set, bases(), &seats, &with_recused, &[]),
        Err(ScoringError::RecusedScored(4))
    );
}

#[test]
fn the_secretary_never_scores_and_strangers_neither() {
    let set = set();
    let mut sheets: Vec<_> = (0..3).map(|m| top(&set, m)).collect();
    sheets.push(top(&set, 99));
    assert_eq!(
        score(&set, bases(), &seats(3), &sheets, &[]),
        Err(ScoringError::SecretaryScored(99))
    );
    sheets.pop();
    sheets.push(top(&set, 7));
    assert_eq!(
        score(&set, bases(), &seats(3), &sheets, &[]),
        Err(ScoringError::NotAMember(7))
    );
    sheets.pop();
    sheets.push(top(&set, 1));
    assert_eq!(
        score(&set, bases(), &seats(3), &sheets, &[]),
        Err(ScoringError::DuplicateSheet(1))
    );
}

#[test]
fn a_spread_above_ten_points_requires_rescoring() {
    let set = set();
    let high = top(&set, 0); // 100
    // member 1 drops 6.2 from 8 to 0 (92) then 8 from 5 to 0 (87): spread 13
    let mut low = top(&set, 1);
    low.choices.insert("6.2".into(), 0);
    low.choices.insert("8".into(), 0);
    let result = score(&set, bases(), &seats(2), &[high.clone(), low], &[]).unwrap();
    assert_eq!(result.spread, Points::whole(13));
    assert!(result.rescoring_required);
    assert_eq!(result.final_star(), None);
    // exactly 10 apart is allowed: 100 and 90 (6.2 → 0, 4.1 "Thị trường ngoài huyện…≥5" 3 instead of 5)
    let mut ten = top(&set, 1);
    ten.choices.insert("6.2".into(), 0);
    ten.choices.insert("4.1".into(), 2);
    let result = score(&set, bases(), &seats(2), &[high, ten], &[]).unwrap();
    assert_eq!(result.spread, Points::whole(10));
    assert!(!result.rescoring_required);
    assert_eq!(result.score, Points::whole(95));
    assert_eq!(result.final_star(), Stars::new(5));
}

#[test]
fn mandatory_criteria_cap_the_star_and_disqualifiers_exclude() {
    let mut set = set();
    // 9.1 (standard declaration) needs 2 points for 4★ and above
    let c = &mut set.parts[2].groups[3].criteria[0];
    assert_eq!(c.code, "9.1");
    c.mandatory = Some(Mandatory {
        min_star: Stars::new(4).unwrap(),
        min_points: Points::whole(2),
    });
    set.disqualifiers.push(crate::evaluation::criteria::Disqualifier {
        code: "D1".into(),
        text: "x".into(),
    });
    let mut a = top(&set, 0);
    a.choices.insert("9.1".into(), 1); // 1 point: 99
    let b = top(&set, 1); // 2 points: 100
    let result = score(&set, bases(), &seats(2), &[a, b], &[]).unwrap();
    // mean on 9.1 is 1.50 < 2: capped below 4★
    assert_eq!(result.band, Stars::new(5).unwrap());
    assert_eq!(result.mandatory_cap, Stars::new(3).unwrap());
    assert_eq!(result.final_star(), Stars::new(3));
    let both = [top(&set, 0), top(&set, 1)];
    assert_eq!(score(&set, bases(), &seats(2), &both, &[]).unwrap().star, Stars::FIVE);
    let hit = score(&set, bases(), &seats(2), &both, &["D1".into()]).unwrap();
    assert_eq!(hit.final_star(), None);
    assert_eq!(
        score(&set, bases(), &seats(2), &both, &["D9".into()]),
        Err(ScoringError::UnknownDisqualifier("D9".into()))
    );
}

/// Random councils of 1 to 9 members, each choosing random options.
fn random_sheets() -> impl Strategy<Value = Vec<ScoreSheet<u32>>> {
    prop::collection::vec(prop::collection::vec(0usize..16, 31), 1..10).prop_map(|members| {
        let set = set();
        members
            .into_iter()
            .enumerate()
            .map(|(m, picks)| sheet(&set, m as u32, |i, n| picks[i] % n))
            .collect()
    })
}

proptest! {
    #[test]
    fn the_mean_lies_between_the_lowest_and_highest_total(sheets in random_sheets()) {
        let set = set();
        let r = score(&set, bases(), &seats(sheets.len() as u32), &sheets, &[]).unwrap();
        prop_assert!(r.score >= *r.totals.iter().min().unwrap());
        prop_assert!(r.score <= *r.totals.iter().max().unwrap());
        let parts: u32 = r.parts.values().map(|p| p.0).sum();
        // part means are rounded separately: they differ from the score by at most 1.5 hundredths
        prop_assert!(parts.abs_diff(r.score.0) <= 2);
    }

    #[test]
    fn the_order_of_the_sheets_does_not_matter(
        (sheets, shuffled) in random_sheets().prop_flat_map(|s| (Just(s.clone()), Just(s).prop_shuffle()))
    ) {
        let set = set();
        let seats = seats(sheets.len() as u32);
        let a = score(&set, bases(), &seats, &sheets, &[]).unwrap();
        let b = score(&set, bases(), &seats, &shuffled, &[]).unwrap();
        prop_assert_eq!(a.score, b.score);
        prop_assert_eq!(a.parts, b.parts);
        prop_assert_eq!(a.spread, b.spread);
        prop_assert_eq!(a.star, b.star);
    }

    #[test]
    fn bands_are_monotonic(a in 0u32..=10_000, b in 0u32..=10_000) {
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(bases().band(Points(lo)) <= bases().band(Points(hi)));
    }

    #[test]
    fn the_mandatory_cap_never_raises_the_star(
        sheets in random_sheets(),
        flags in prop::collection::vec((0usize..31, 2u8..=5, 0u32..=8), 0..6),
    ) {
        let mut set = set();
        let codes: Vec<String> = set.criteria().map(|(_, c)| c.code.clone()).collect();
        for (i, stars, points) in flags {
            for part in &mut set.parts {
                for group in &mut part.groups {
                    for c in group.criteria.iter_mut().filter(|c| c.code == codes[i]) {
                        let min_points = Points::whole(points).min(c.max);
                        c.mandatory = Some(Mandatory { min_star: Stars::new(stars).unwrap(), min_points });
                    }
                }
            }
        }
        let r = score(&set, bases(), &seats(sheets.len() as u32), &sheets, &[]).unwrap();
        prop_assert!(r.star <= r.band);
        prop_assert!(r.star <= r.mandatory_cap);
        prop_assert!(r.star == r.band || r.star == r.mandatory_cap);
    }
}
