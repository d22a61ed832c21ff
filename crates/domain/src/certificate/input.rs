//! What an officer types to issue, renew, upgrade, suspend or revoke a
//! certificate, checked into drafts that collect every field error.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{IssuerLevel, LegalBasis, RevocationGround, Stars, check_issuer};
use crate::producer::{optional_text, required_text};
use crate::{ErrorCode, ValidationErrors};

/// A recognition decision (quyết định công nhận) as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DecisionInput {
    /// Decision number, e.g. `3981/QĐ-UBND`.
    pub number: String,
    /// Signing date (`YYYY-MM-DD`); certificates are issued on this day.
    pub decided_on: Option<NaiveDate>,
    /// Issuing body as printed, e.g. "UBND tỉnh Hà Tĩnh".
    pub issuer_name: String,
    /// `district`, `province` or `ministry`.
    pub issuer_level: String,
    /// `qd1048`, `qd148` or `qd26_2026`.
    pub legal_basis: String,
}

/// A checked recognition decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionDraft {
    /// Number.
    pub number: String,
    /// Signing date.
    pub decided_on: NaiveDate,
    /// Issuing body.
    pub issuer_name: String,
    /// Level of the issuing body.
    pub issuer_level: IssuerLevel,
    /// Legal basis.
    pub legal_basis: LegalBasis,
}

impl DecisionInput {
    /// Checks every field (field names prefixed with `decision.`).
    pub fn parse(&self) -> Result<DecisionDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let number = required_text(&mut errors, "decision.number", &self.number, 60);
        if self.decided_on.is_none() {
            errors.add("decision.decided_on", ErrorCode::Required);
        }
        let issuer_name = required_text(&mut errors, "decision.issuer_name", &self.issuer_name, 200);
        let issuer_level = errors.check("decision.issuer_level", IssuerLevel::parse(&self.issuer_level));
        let legal_basis = errors.check("decision.legal_basis", LegalBasis::parse(&self.legal_basis));
        errors.into_result()?;
        Ok(DecisionDraft {
            number,
            decided_on: self.decided_on.expect("checked above"),
            issuer_name,
            issuer_level: issuer_level.expect("checked above"),
            legal_basis: legal_basis.expect("checked above"),
        })
    }
}

/// Parses a score out of 100 into hundredths (`87.5` → 8750).
pub fn score_x100(score: Option<f64>) -> Result<Option<i32>, ErrorCode> {
    match score {
        None => Ok(None),
        Some(s) if s.is_finite() && (0.0..=100.0).contains(&s) => Ok(Some((s * 100.0).round() as i32)),
        Some(_) => Err(ErrorCode::InvalidNumber),
    }
}

/// Checks stars and score of one product in a decision, and that the decision's issuer may sign them.
pub fn check_award(
    errors: &mut ValidationErrors,
    field: &str,
    decision: &DecisionDraft,
    stars: u8,
    score: Option<f64>,
) -> Option<(Stars, Option<i32>)> {
    let stars = errors.check(&format!("{field}stars"), Stars::new(stars))?;
    let score = errors.check(&format!("{field}score"), score_x100(score))?;
    errors.check(
        "decision.issuer_level",
        check_issuer(decision.legal_basis, stars, decision.decided_on, decision.issuer_level),
    )?;
    Some((stars, score))
}

/// A revocation (thu hồi) as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RevocationInput {
    /// Ground: `not_reevaluated`, `fails_mandatory_criteria`, `food_safety_violation`,
    /// `quality_or_packaging`, `production_stopped` or `other`.
    pub ground: String,
    /// The ground in words, required for `other`.
    pub ground_text: Option<String>,
    /// Number of the revocation decision.
    pub decision_number: String,
    /// Its date (`YYYY-MM-DD`); the certificate is revoked from this day.
    pub decided_on: Option<NaiveDate>,
    /// Issuing body as printed.
    pub issuer_name: String,
}

/// A checked revocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationDraft {
    /// Ground.
    pub ground: RevocationGround,
    /// Words for `other`.
    pub ground_text: Option<String>,
    /// Decision number.
    pub decision_number: String,
    /// Decision date.
    pub decided_on: NaiveDate,
    /// Issuing body.
    pub issuer_name: String,
}

impl RevocationInput {
    /// Checks every field.
    pub fn parse(&self) -> Result<RevocationDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let ground = match RevocationGround::parse(&self.ground, self.ground_text.as_deref()) {
            Ok(g) => Some(g),
            Err(code) => {
                // Only the words of `other` can be missing or too long.
                let field = match code {
                    ErrorCode::Required | ErrorCode::TooLong => "ground_text",
                    _ => "ground",
                };
                errors.add(field, code);
                None
            }
        };
        let decision_number = required_text(&mut errors, "decision_number", &self.decision_number, 60);
        if self.decided_on.is_none() {
            errors.add("decided_on", ErrorCode::Required);
        }
        let issuer_name = required_text(&mut errors, "issuer_name", &self.issuer_name, 200);
        errors.into_result()?;
        let (ground, ground_text) = ground.expect("checked above");
        Ok(RevocationDraft {
            ground,
            ground_text,
            decision_number,
            decided_on: self.decided_on.expect("checked above"),
            issuer_name,
        })
    }
}

/// A suspension (tạm đình chỉ) as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SuspensionInput {
    /// First day of the suspension (`YYYY-MM-DD`).
    pub suspended_on: Option<NaiveDate>,
    /// Why, for the record.
    pub note: Option<String>,
}

impl SuspensionInput {
    /// Checks the fields; returns the day and the note.
    pub fn parse(&self) -> Result<(NaiveDate, Option<String>), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.suspended_on.is_none() {
            errors.add("suspended_on", ErrorCode::Required);
        }
        let note = optional_text(&mut errors, "note", &self.note, 1000);
        errors.into_result()?;
        Ok((self.suspended_on.expect("checked above"), note))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(level: &str, on: (i32, u32, u32)) -> DecisionInput {
        DecisionInput {
            number: "4894/QĐ-UBND".into(),
            decided_on: NaiveDate::from_ymd_opt(on.0, on.1, on.2),
            issuer_name: "UBND huyện Mỏ Cày Bắc".into(),
            issuer_level: level.into(),
            legal_basis: "qd148".into(),
        }
    }

    #[test]
    fn a_district_signs_three_stars_under_148_before_the_cutoff_only() {
        let before = decision("district", (2024, 11, 12)).parse().unwrap();
        let mut errors = ValidationErrors::new();
        assert!(check_award(&mut errors, "", &before, 3, Some(72.5)).is_some());
        assert_eq!(
            check_award(&mut errors, "", &before, 3, Some(72.5)).unwrap().1,
            Some(7250)
        );
        assert!(check_award(&mut errors, "", &before, 4, None).is_none());
        let after = decision("district", (2025, 7, 6)).parse().unwrap();
        assert!(check_award(&mut errors, "", &after, 3, None).is_none());
        assert!(
            errors
                .fields
                .iter()
                .all(|f| f.code == ErrorCode::WrongIssuer && f.field == "decision.issuer_level")
        );
        let mut errors = ValidationErrors::new();
        assert!(check_award(&mut errors, "items[0].", &before, 2, None).is_none());
        assert_eq!(errors.fields[0].field, "items[0].stars");
        assert_eq!(errors.fields[0].code, ErrorCode::InvalidStars);
    }

    #[test]
    fn decisions_and_revocations_report_every_missing_field() {
        let errors = DecisionInput::default().parse().unwrap_err();
        assert_eq!(errors.fields.len(), 5);
        let errors = RevocationInput {
            ground: "other".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<_> = errors.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["ground_text", "decision_number", "decided_on", "issuer_name"]);
        assert!(score_x100(Some(100.5)).is_err());
    }
}
