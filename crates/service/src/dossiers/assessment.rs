//! The producer's self-assessment (báo cáo tự đánh giá, Mẫu 02): one option per criterion of
//! the dossier's criteria set. Points, the star and the gap to the next star are computed here
//! with the domain scoring engine — the client only sends the chosen options.

use std::collections::BTreeMap;

use ocop_domain::ErrorCode;
use ocop_domain::ValidationErrors;
use ocop_domain::evaluation::scoring::{ScoreSheet, mandatory_cap};
use ocop_domain::evaluation::{CriteriaSet, LegalBases, Points};
use ocop_storage::entities::dossier;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ServiceError, ServiceResult};

/// Points of one part.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PartPoints {
    /// `A`, `B` or `C`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Points of the chosen options ×100.
    pub points_x100: u32,
    /// Maximum ×100.
    pub max_x100: u32,
}

/// The self-assessment with what the server computed from it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SelfAssessment {
    /// Criterion code → chosen option index.
    pub choices: BTreeMap<String, usize>,
    /// Criteria answered.
    pub answered: usize,
    /// Criteria in the set.
    pub criteria: usize,
    /// Points per part.
    pub parts: Vec<PartPoints>,
    /// Total ×100.
    pub total_x100: u32,
    /// Star of the total's band.
    pub band: u8,
    /// Highest star the mandatory criteria allow.
    pub mandatory_cap: u8,
    /// min(band, cap): the star this self-assessment points to.
    pub star: u8,
    /// The next star up, if any.
    pub next_star: Option<u8>,
    /// Points ×100 still missing to reach the next star's band (0 when only a mandatory
    /// criterion holds the star back).
    pub gap_to_next_star_x100: Option<u32>,
}

/// The stored self-assessment (`dossier.self_assessment`): criterion code → option index, and
/// under the reserved key `_at` when each answer was chosen (milliseconds since 1970), so an
/// answer saved one at a time from a device that was offline never overwrites a newer one.
/// Rows written before `_at` existed read as answers of unknown time, which any answer replaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// When each answer was chosen, by criterion code.
    #[serde(rename = "_at", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub at: BTreeMap<String, i64>,
    /// Criterion code → chosen option index.
    #[serde(flatten)]
    pub choices: BTreeMap<String, usize>,
}

impl Stored {
    /// The stored self-assessment of a dossier.
    pub fn of(row: &dossier::Model) -> Self {
        Self::parse(&row.self_assessment)
    }

    /// Reads the column's text (nothing answered when it does not parse).
    pub fn parse(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// The column's text.
    pub fn to_column(&self) -> ServiceResult<String> {
        serde_json::to_string(self).map_err(|e| ServiceError::Internal(e.to_string()))
    }
}

/// The stored choices of a dossier.
pub fn choices(row: &dossier::Model) -> BTreeMap<String, usize> {
    Stored::of(row).choices
}

/// Every criterion answered with an existing option.
pub fn is_complete(set: &CriteriaSet, choices: &BTreeMap<String, usize>) -> bool {
    set.criteria()
        .all(|(_, c)| choices.get(&c.code).is_some_and(|&i| i < c.options.len()))
}

/// Refuses unknown criteria and options, each named as a field (`choices.1.2`).
pub fn check_choices(set: &CriteriaSet, choices: &BTreeMap<String, usize>) -> ServiceResult<()> {
    let mut errors = ValidationErrors::new();
    for (code, &option) in choices {
        match set.criterion(code) {
            None => errors.add(&format!("choices.{code}"), ErrorCode::InvalidChoice),
            Some(c) if option >= c.options.len() => errors.add(&format!("choices.{code}"), ErrorCode::InvalidChoice),
            Some(_) => {}
        }
    }
    errors.into_result().map_err(ServiceError::Validation)
}

/// Computes points per part, the star and the gap to the next star.
pub fn evaluate(set: &CriteriaSet, choices: &BTreeMap<String, usize>) -> SelfAssessment {
    let bases = LegalBases::official();
    let mut parts: Vec<PartPoints> = set
        .parts
        .iter()
        .map(|p| PartPoints {
            code: p.code.clone(),
            name: p.name.clone(),
            points_x100: 0,
            max_x100: p.max.hundredths(),
        })
        .collect();
    let mut answered = 0;
    let mut criteria = 0;
    for (part, criterion) in set.criteria() {
        criteria += 1;
        if let Some(option) = choices.get(&criterion.code).and_then(|&i| criterion.options.get(i)) {
            answered += 1;
            if let Some(p) = parts.iter_mut().find(|p| p.code == part.code) {
                p.points_x100 += option.points.hundredths();
            }
        }
    }
    let total = Points(parts.iter().map(|p| p.points_x100).sum());
    let sheet = ScoreSheet {
        member: (),
        choices: choices.clone(),
    };
    let band = bases.band(total);
    let cap = mandatory_cap(set, std::slice::from_ref(&sheet));
    let star = band.min(cap);
    let next = bases
        .star_bands
        .iter()
        .filter(|b| b.stars > star)
        .min_by_key(|b| b.stars);
    SelfAssessment {
        choices: choices.clone(),
        answered,
        criteria,
        parts,
        total_x100: total.hundredths(),
        band: band.get(),
        mandatory_cap: cap.get(),
        star: star.get(),
        next_star: next.map(|b| b.stars.get()),
        gap_to_next_star_x100: next.map(|b| b.min.hundredths().saturating_sub(total.hundredths())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_times_of_answers_sit_beside_the_choices() {
        let mut stored = Stored::parse(r#"{"A.1":2,"B.3":0}"#);
        assert_eq!(stored.choices.len(), 2, "rows written before `_at` still read");
        stored.at.insert("A.1".into(), 1_700_000_000_000);
        let column = stored.to_column().unwrap();
        assert!(column.contains(r#""_at":{"A.1":1700000000000}"#), "{column}");
        let again = Stored::parse(&column);
        assert_eq!(again, stored);
        assert_eq!(again.choices.get("A.1"), Some(&2));
        assert!(!again.choices.contains_key("_at"));
    }

    #[test]
    fn the_top_options_give_100_points_and_no_next_star() {
        let set = CriteriaSet::qd1048_fresh_produce();
        let top: BTreeMap<String, usize> = set
            .criteria()
            .map(|(_, c)| {
                let best = (0..c.options.len()).max_by_key(|&i| c.options[i].points).unwrap();
                (c.code.clone(), best)
            })
            .collect();
        let result = evaluate(&set, &top);
        assert_eq!(result.total_x100, 10_000);
        assert_eq!(result.star, 5);
        assert_eq!(result.next_star, None);
        assert!(is_complete(&set, &top));
    }

    #[test]
    fn the_gap_counts_from_the_total_to_the_next_band() {
        let set = CriteriaSet::qd1048_fresh_produce();
        let lowest: BTreeMap<String, usize> = set.criteria().map(|(_, c)| (c.code.clone(), 0)).collect();
        let result = evaluate(&set, &lowest);
        let next = u32::from(result.next_star.unwrap());
        assert_eq!(next, u32::from(result.star) + 1);
        let band_min = LegalBases::official()
            .star_bands
            .iter()
            .find(|b| u32::from(b.stars.get()) == next)
            .unwrap()
            .min
            .hundredths();
        assert_eq!(result.gap_to_next_star_x100, Some(band_min - result.total_x100));
        let parts: u32 = result.parts.iter().map(|p| p.points_x100).sum();
        assert_eq!(parts, result.total_x100);
    }

    #[test]
    fn unknown_criteria_and_options_are_refused() {
        let set = CriteriaSet::qd1048_fresh_produce();
        let mut bad = BTreeMap::new();
        bad.insert("99.9".to_owned(), 0);
        bad.insert("1.1".to_owned(), 42);
        let err = check_choices(&set, &bad).unwrap_err();
        assert_eq!(err.field_errors().unwrap().fields.len(), 2);
        assert!(!is_complete(&set, &BTreeMap::new()));
    }
}
