//! Annual plans (kế hoạch năm) and their targets (chỉ tiêu).

use serde::{Deserialize, Serialize};

use super::directive::{TargetKind, TargetLevel};
use crate::{ErrorCode, ValidationErrors};

/// A target as submitted.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetInput {
    /// Kind code (`new_products`, `certified`, `recertified`, `upgraded`,
    /// `producers`, `proposed_five_star`, `improved`, `other`).
    pub kind: String,
    /// The number asked for.
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
        if !(0..=100_000).contains(&self.count) {
            errors.add(&field("count"), ErrorCode::InvalidNumber);
        }
        if self.count_max.is_some_and(|m| m < self.count || m > 100_000) {
            errors.add(&field("count_max"), ErrorCode::InvalidNumber);
        }
        if self.min_stars.is_some_and(|s| !(1..=5).contains(&s)) {
            errors.add(&field("min_stars"), ErrorCode::InvalidStars);
        }
        let level = match self.level.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => None,
            Some(code) => errors.check(&field("level"), parse_level(code).ok_or(ErrorCode::InvalidChoice)),
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
            text: if text.is_empty() {
                kind.label_vi().to_owned()
            } else {
                text.to_owned()
            },
        })
    }
}
