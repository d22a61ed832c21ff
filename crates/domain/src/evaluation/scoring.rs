//! The scoring engine (chấm điểm): members' score sheets → product score, part scores,
//! spread, quorum, star. Pure integer arithmetic on hundredths; the server computes every
//! number from the chosen options — no client ever sends a total.
//!
//! Rules (reference §3, §6.5, legal_bases.toml `[council]`):
//! - a member's total is the sum of the points of the option chosen for every criterion;
//! - the product score is the arithmetic mean of the members' totals and each part score the
//!   mean of their part totals, rounded **half-up on the hundredths** ([`mean_half_up`]);
//! - spread = highest − lowest total; above `max_member_spread` (10 points) the council
//!   discusses and re-scores, so no star is final;
//! - quorum: sheets from at least 75 % of the scoring seats, the chair's among them; the
//!   secretary holds no scoring seat, recused members are removed from the count (a recused
//!   chair therefore means no quorum for that dossier: a presiding vice chair is not modelled);
//! - star = min(band(score), mandatory cap); a hit disqualifier makes the dossier ineligible.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::criteria::CriteriaSet;
use super::legal_basis::LegalBases;
use super::points::{Points, Stars, mean_half_up};

/// A member's role in the council (hội đồng đánh giá).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouncilRole {
    /// Chủ tịch hội đồng.
    Chair,
    /// Phó chủ tịch.
    ViceChair,
    /// Thành viên.
    Member,
    /// Thư ký: keeps the minutes, does not score.
    Secretary,
}

/// A member's seat for one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat<M> {
    /// Who.
    pub member: M,
    /// Role in the council.
    pub role: CouncilRole,
    /// Recused for this dossier (conflict of interest).
    pub recused: bool,
}

/// One member's score sheet (phiếu chấm): the index of the chosen option per criterion code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreSheet<M> {
    /// Who scored.
    pub member: M,
    /// Criterion code → option index (0-based, sheet order).
    pub choices: BTreeMap<String, usize>,
}

/// What is wrong with one sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SheetProblem {
    /// No option chosen for this criterion.
    Missing { criterion: String },
    /// The criterion is not in the set.
    UnknownCriterion { criterion: String },
    /// The option index does not exist.
    NoSuchOption { criterion: String, option: usize },
}

/// A member's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetTotals {
    /// Part code → points.
    pub parts: BTreeMap<String, Points>,
    /// Sum of the parts.
    pub total: Points,
}

/// Sums one sheet; every problem is listed.
pub fn sheet_totals<M>(set: &CriteriaSet, sheet: &ScoreSheet<M>) -> Result<SheetTotals, Vec<SheetProblem>> {
    let mut problems = Vec::new();
    let mut parts: BTreeMap<String, Points> = set.parts.iter().map(|p| (p.code.clone(), Points(0))).collect();
    for (part, criterion) in set.criteria() {
        match sheet.choices.get(&criterion.code) {
            None => problems.push(SheetProblem::Missing {
                criterion: criterion.code.clone(),
            }),
            Some(&i) => match criterion.options.get(i) {
                None => problems.push(SheetProblem::NoSuchOption {
                    criterion: criterion.code.clone(),
                    option: i,
                }),
                Some(option) => parts.get_mut(&part.code).expect("part listed").0 += option.points.0,
            },
        }
    }
    for code in sheet.choices.keys().filter(|code| set.criterion(code).is_none()) {
        problems.push(SheetProblem::UnknownCriterion {
            criterion: code.clone(),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let total = Points(parts.values().map(|p| p.0).sum());
    Ok(SheetTotals { parts, total })
}

/// Why the council's sheets cannot give a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoringError<M: std::fmt::Debug> {
    /// A sheet from someone without a seat.
    #[error("{0:?} holds no seat")]
    NotAMember(M),
    /// The secretary does not score.
    #[error("the secretary {0:?} may not score")]
    SecretaryScored(M),
    /// A recused member does not score.
    #[error("{0:?} is recused")]
    RecusedScored(M),
    /// Two sheets from one member.
    #[error("{0:?} sent two sheets")]
    DuplicateSheet(M),
    /// A sheet is incomplete or wrong.
    #[error("the sheet of {member:?} is invalid")]
    InvalidSheet { member: M, problems: Vec<SheetProblem> },
    /// Fewer than the quorum, or the chair did not score.
    #[error("no quorum: {sheets} sheets of {seats} seats, chair scored: {chair}")]
    NoQuorum { sheets: usize, seats: usize, chair: bool },
    /// A disqualifier code not in the set.
    #[error("unknown disqualifier {0}")]
    UnknownDisqualifier(String),
}

/// The council's result for one dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductResult {
    /// Mean of the members' totals.
    pub score: Points,
    /// Mean of the members' part totals, per part code.
    pub parts: BTreeMap<String, Points>,
    /// Every member's total, in sheet order.
    pub totals: Vec<Points>,
    /// Highest − lowest total.
    pub spread: Points,
    /// The spread is above the limit: discuss and re-score.
    pub rescoring_required: bool,
    /// Star of the score's band.
    pub band: Stars,
    /// Highest star whose mandatory criteria are all met.
    pub mandatory_cap: Stars,
    /// min(band, cap).
    pub star: Stars,
    /// Disqualifiers hit.
    pub disqualified: Vec<String>,
}

impl ProductResult {
    /// The star the council may record: none while re-scoring is required or when disqualified.
    pub fn final_star(&self) -> Option<Stars> {
        (!self.rescoring_required && self.disqualified.is_empty()).then_some(self.star)
    }
}

/// Highest star whose mandatory requirements are all met, from the members' choices:
/// a requirement holds when the mean points on its criterion reach `min_points`.
pub fn mandatory_cap<M>(set: &CriteriaSet, sheets: &[ScoreSheet<M>]) -> Stars {
    let mut cap = Stars::FIVE;
    for (_, criterion) in set.criteria() {
        let Some(rule) = criterion.mandatory else { continue };
        let chosen: Vec<Points> = sheets
            .iter()
            .filter_map(|s| s.choices.get(&criterion.code).and_then(|&i| criterion.options.get(i)))
            .map(|o| o.points)
            .collect();
        let met = mean_half_up(&chosen).is_some_and(|mean| mean >= rule.min_points);
        if !met {
            let below = Stars::new(rule.min_star.get().saturating_sub(1)).unwrap_or(Stars::ONE);
            cap = cap.min(below);
        }
    }
    cap
}

/// Checks the sheets against the seats and computes the result.
pub fn score<M: Clone + Ord + std::fmt::Debug>(
    set: &CriteriaSet,
    bases: &LegalBases,
    seats: &[Seat<M>],
    sheets: &[ScoreSheet<M>],
    disqualifiers_hit: &[String],
) -> Result<ProductResult, ScoringError<M>> {
    let rules = bases.council;
    let mut seen = BTreeSet::new();
    let mut all_totals = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let seat = seats
            .iter()
            .find(|s| s.member == sheet.member)
            .ok_or_else(|| ScoringError::NotAMember(sheet.member.clone()))?;
        if seat.role == CouncilRole::Secretary && !rules.secretary_scores {
            return Err(ScoringError::SecretaryScored(sheet.member.clone()));
        }
        if seat.recused {
            return Err(ScoringError::RecusedScored(sheet.member.clone()));
        }
        if !seen.insert(sheet.member.clone()) {
            return Err(ScoringError::DuplicateSheet(sheet.member.clone()));
        }
        let totals = sheet_totals(set, sheet).map_err(|problems| ScoringError::InvalidSheet {
            member: sheet.member.clone(),
            problems,
        })?;
        all_totals.push(totals);
    }
    let scoring_seats = seats
        .iter()
        .filter(|s| !s.recused && (s.role != CouncilRole::Secretary || rules.secretary_scores))
        .count();
    let chair = seats
        .iter()
        .any(|s| s.role == CouncilRole::Chair && seen.contains(&s.member));
    let enough = sheets.len() as u64 * 10_000 >= scoring_seats as u64 * u64::from(rules.quorum_basis_points);
    if !chair || !enough || sheets.is_empty() {
        return Err(ScoringError::NoQuorum {
            sheets: sheets.len(),
            seats: scoring_seats,
            chair,
        });
    }
    for code in disqualifiers_hit {
        if !set.disqualifiers.iter().any(|d| &d.code == code) {
            return Err(ScoringError::UnknownDisqualifier(code.clone()));
        }
    }

    let totals: Vec<Points> = all_totals.iter().map(|t| t.total).collect();
    let score = mean_half_up(&totals).expect("at least one sheet");
    let parts = set
        .parts
        .iter()
        .map(|p| {
            let of_part: Vec<Points> = all_totals.iter().map(|t| t.parts[&p.code]).collect();
            (p.code.clone(), mean_half_up(&of_part).expect("at least one sheet"))
        })
        .collect();
    let max = totals.iter().max().expect("at least one sheet");
    let min = totals.iter().min().expect("at least one sheet");
    let spread = Points(max.0 - min.0);
    let band = bases.band(score);
    let cap = mandatory_cap(set, sheets);
    Ok(ProductResult {
        score,
        parts,
        totals,
        spread,
        rescoring_required: spread > rules.max_member_spread,
        band,
        mandatory_cap: cap,
        star: band.min(cap),
        disqualified: disqualifiers_hit.to_vec(),
    })
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
