//! Annual plans (kế hoạch năm) and their targets (chỉ tiêu).

use serde::{Deserialize, Serialize};

use super::directive::{TargetKind, TargetLevel};
use crate::producer::LegalForm;
use crate::{ErrorCode, ValidationErrors};

/// A target as submitted.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetInput {
    /// Kind code (`new_products`, `certified`, `recertified`, `upgraded`,
    /// `producers`, `proposed_five_star`, `fairs`, `officials_trained`,
    /// `support_funds`, `improved`, `other`).
    pub kind: String,
    /// The number asked for (million VND for `support_funds`).
    pub count: i32,
    /// Upper bound of a range.
    #[serde(default)]
    pub count_max: Option<i32>,
    /// At least this many stars.
    #[serde(default)]
    pub min_stars: Option<i32>,
    /// `district`, `province` or `national`.
    #[serde(default)]
    pub level: Option<String>,
    /// For `producers`: only producers of this legal form (`enterprise`,
    /// `cooperative`, `cooperative_group`, `household_business`).
    #[serde(default)]
    pub legal_form: Option<String>,
    /// The wording.
    #[serde(default)]
    pub text: String,
}

/// A checked target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetDraft {
    /// Kind.
    pub kind: TargetKind,
    /// Count.
    pub count: i32,
    /// Upper bound.
    pub count_max: Option<i32>,
    /// Stars.
    pub min_stars: Option<i32>,
    /// Level.
    pub level: Option<TargetLevel>,
    /// Legal form of the producers counted.
    pub legal_form: Option<LegalForm>,
    /// Wording.
    pub text: String,
}

/// The code of a level.
pub fn level_code(level: TargetLevel) -> &'static str {
    match level {
        TargetLevel::District => "district",
        TargetLevel::Province => "province",
        TargetLevel::National => "national",
    }
}

/// Parses a level code.
pub fn parse_level(code: &str) -> Option<TargetLevel> {
    match code {
        "district" => Some(TargetLevel::District),
        "province" => Some(TargetLevel::Province),
        "national" => Some(TargetLevel::National),
        _ => None,
    }
}

impl TargetInput {
    /// Checks every field.
    pub fn parse(&self, prefix: &str, errors: &mut ValidationErrors) -> Option<TargetDraft> {
        let field = |name: &str| {
            if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}.{name}")
            }
        };
        let before = errors.fields.len();
        let kind = errors.check(
            &field("kind"),
            TargetKind::from_code(self.kind.trim()).ok_or(ErrorCode::UnknownTargetKind),
        );
        // Support funds are counted in million VND; everything else in units.
        let max = if kind == Some(TargetKind::SupportFunds) {
            100_000_000
        } else {
            100_000
        };
        if !(0..=max).contains(&self.count) {
            errors.add(&field("count"), ErrorCode::InvalidNumber);
        }
        if self.count_max.is_some_and(|m| m < self.count || m > max) {
            errors.add(&field("count_max"), ErrorCode::InvalidNumber);
        }
        if self.min_stars.is_some_and(|s| !(1..=5).contains(&s)) {
            errors.add(&field("min_stars"), ErrorCode::InvalidStars);
        }
        let level = match self.level.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => None,
            Some(code) => errors.check(&field("level"), parse_level(code).ok_or(ErrorCode::InvalidChoice)),
        };
        let legal_form = match self.legal_form.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => None,
            Some(_) if kind.is_some_and(|k| k != TargetKind::Producers) => {
                errors.add(&field("legal_form"), ErrorCode::InvalidChoice);
                None
            }
            Some(code) => errors.check(&field("legal_form"), LegalForm::parse(code)),
        };
        let text = self.text.trim();
        if text.chars().count() > 2_000 {
            errors.add(&field("text"), ErrorCode::TooLong);
        }
        let kind = kind?;
        if kind == TargetKind::Other && text.is_empty() {
            errors.add(&field("text"), ErrorCode::Required);
        }
        (errors.fields.len() == before).then(|| TargetDraft {
            kind,
            count: self.count,
            count_max: self.count_max,
            min_stars: self.min_stars,
            level,
            legal_form,
            text: if text.is_empty() {
                kind.label_vi().to_owned()
            } else {
                text.to_owned()
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, count: i32, legal_form: Option<&str>) -> TargetInput {
        TargetInput {
            kind: kind.into(),
            count,
            legal_form: legal_form.map(str::to_owned),
            ..TargetInput::default()
        }
    }

    #[test]
    fn a_legal_form_narrows_producer_targets_only() {
        let mut errors = ValidationErrors::new();
        let draft = input("producers", 5, Some("cooperative"))
            .parse("", &mut errors)
            .unwrap();
        assert_eq!(draft.legal_form, Some(LegalForm::Cooperative));
        assert_eq!(draft.text, "Chủ thể tham gia");

        let mut errors = ValidationErrors::new();
        assert!(
            input("certified", 5, Some("cooperative"))
                .parse("t", &mut errors)
                .is_none()
        );
        assert_eq!(errors.fields[0].field, "t.legal_form");
        let mut errors = ValidationErrors::new();
        assert!(input("producers", 5, Some("company")).parse("", &mut errors).is_none());
        assert_eq!(errors.fields[0].code, ErrorCode::InvalidChoice);
    }

    #[test]
    fn support_funds_are_counted_in_million_vnd() {
        let mut errors = ValidationErrors::new();
        assert!(input("support_funds", 2_500_000, None).parse("", &mut errors).is_some());
        assert!(input("fairs", 2_500_000, None).parse("", &mut errors).is_none());
        assert_eq!(errors.fields[0].code, ErrorCode::InvalidNumber);
    }
}
