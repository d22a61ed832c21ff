//! Criteria sets (bộ tiêu chí) as versioned data: a legal basis, the product set(s) it
//! applies to, and parts A/B/C → groups → criteria → options with points.
//!
//! The same serde shape is read and written as TOML (the shipped sheets, authoring) and JSON
//! (the API, storage). Validation lives in [`super::criteria_check`].

use serde::{Deserialize, Deserializer, Serialize};

use super::points::{Points, Stars};

const QD1048_FRESH_PRODUCE: &str = include_str!("../../../../reference/criteria/qd1048_rau_cu_qua_hat_tuoi.toml");

/// The marker every generated demo sheet carries in its title.
pub const SAMPLE_MARKER: &str = "Bộ tiêu chí mẫu — không phải văn bản chính thức";

/// A complete scoring sheet (phiếu đánh giá) for one or more product sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriteriaSet {
    /// The legal basis id, e.g. `QD1048-2019`.
    pub legal_basis: String,
    /// Product set codes (`I.1.a`) or, under QĐ 1048, subgroup names.
    #[serde(alias = "product_set", deserialize_with = "one_or_many")]
    pub product_sets: Vec<String>,
    /// Title as printed on the sheet.
    pub title: String,
    /// True for a generated demo sheet, which must say so in its title.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
    /// Parts A, B, C.
    #[serde(rename = "part")]
    pub parts: Vec<Part>,
    /// Conditions that make a dossier ineligible (điều kiện hồ sơ bị loại).
    #[serde(rename = "disqualifier", default, skip_serializing_if = "Vec::is_empty")]
    pub disqualifiers: Vec<Disqualifier>,
}

/// A part of the sheet (phần A/B/C).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// `A`, `B` or `C`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Maximum points of the part.
    pub max: Points,
    /// Criteria groups (nhóm tiêu chí).
    #[serde(rename = "group")]
    pub groups: Vec<Group>,
}

/// A group of criteria within a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Code, e.g. `1`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Maximum points of the group.
    pub max: Points,
    /// The criteria (tiêu chí).
    #[serde(rename = "criterion")]
    pub criteria: Vec<Criterion>,
}

/// A criterion: exactly one of its options is chosen by each council member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Code unique in the set, e.g. `1.2`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Maximum points: the highest option.
    pub max: Points,
    /// The options (mức đánh giá), in sheet order.
    pub options: Vec<CriterionOption>,
    /// Present when the criterion is mandatory (tiêu chí bắt buộc).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandatory: Option<Mandatory>,
    /// What evidence (minh chứng) a producer should attach.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// One option of a criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionOption {
    /// The option's wording.
    pub text: String,
    /// Points it gives.
    pub points: Points,
}

/// A mandatory requirement: a product may reach `min_star` or more stars only if the
/// council's mean points on this criterion are at least `min_points`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mandatory {
    /// The lowest rating the criterion is required for (2 to 5).
    pub min_star: Stars,
    /// Points needed (mean over the members' chosen options).
    pub min_points: Points,
}

/// A condition that excludes a dossier from evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disqualifier {
    /// Code unique in the set.
    pub code: String,
    /// Wording.
    pub text: String,
}

fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// A file that is not a criteria set at all (syntax or shape), with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormatError(pub String);

impl CriteriaSet {
    /// The complete QĐ 1048 sheet "Rau, củ, quả, hạt tươi" shipped with the binary.
    pub fn qd1048_fresh_produce() -> CriteriaSet {
        CriteriaSet::from_toml(QD1048_FRESH_PRODUCE).expect("the shipped QĐ 1048 sheet parses")
    }

    /// Reads a set from TOML.
    pub fn from_toml(text: &str) -> Result<CriteriaSet, FormatError> {
        toml::from_str(text).map_err(|e| FormatError(e.to_string()))
    }

    /// Writes the set as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a criteria set always serialises")
    }

    /// Reads a set from JSON.
    pub fn from_json(text: &str) -> Result<CriteriaSet, FormatError> {
        serde_json::from_str(text).map_err(|e| FormatError(e.to_string()))
    }

    /// Writes the set as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a criteria set always serialises")
    }

    /// Reads TOML or JSON, telling them apart by the first non-blank character.
    pub fn parse(text: &str) -> Result<CriteriaSet, FormatError> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_toml(text)
        }
    }

    /// Every criterion with its part code, in sheet order.
    pub fn criteria(&self) -> impl Iterator<Item = (&Part, &Criterion)> {
        self.parts.iter().flat_map(|p| {
            p.groups
                .iter()
                .flat_map(move |g| g.criteria.iter().map(move |c| (p, c)))
        })
    }

    /// The criterion with this code.
    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria().map(|(_, c)| c).find(|c| c.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qd1048_sheet_has_31_criteria() {
        let set = CriteriaSet::qd1048_fresh_produce();
        assert_eq!(set.legal_basis, "QD1048-2019");
        assert_eq!(set.product_sets, vec!["Rau, củ, quả, hạt tươi".to_owned()]);
        assert_eq!(set.criteria().count(), 31);
        assert_eq!(set.criterion("6.2").unwrap().max, Points::whole(8));
    }

    #[test]
    fn toml_and_json_round_trip() {
        let mut set = CriteriaSet::qd1048_fresh_produce();
        // exercise the optional parts of the shape too
        set.disqualifiers.push(Disqualifier {
            code: "D1".into(),
            text: "Không có giấy phép".into(),
        });
        let c = &mut set.parts[2].groups[3].criteria[0];
        c.mandatory = Some(Mandatory {
            min_star: Stars::new(3).unwrap(),
            min_points: Points(150),
        });
        c.evidence.push("Bản tự công bố sản phẩm".into());
        assert_eq!(CriteriaSet::from_toml(&set.to_toml()).unwrap(), set);
        assert_eq!(CriteriaSet::from_json(&set.to_json()).unwrap(), set);
        assert_eq!(CriteriaSet::parse(&set.to_json()).unwrap(), set);
        assert_eq!(CriteriaSet::parse(&set.to_toml()).unwrap(), set);
    }

    #[test]
    fn a_malformed_file_reports_where() {
        let err = CriteriaSet::from_toml("legal_basis = \"X\"\ntitle = 3\n").unwrap_err();
        assert!(err.0.contains("line"), "{err}");
        assert!(CriteriaSet::from_json("{\"title\": 1}").is_err());
    }
}
