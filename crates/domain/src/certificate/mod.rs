//! Giấy chứng nhận sản phẩm OCOP: the certificate a recognition decision
//! grants a product, its issuer, its validity and its lifecycle.
//!
//! See `validity` for the Civil Code date rules, `status` for the state
//! machine and `code` for the certificate number and the public code.

pub mod authority;
pub mod code;
pub mod input;
pub mod signals;
pub mod status;
pub mod validity;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use code::{CertificateNumber, VerificationCode};
pub use status::{CertificateStatus, InvalidTransition, LifecycleFacts};

use crate::ErrorCode;

/// The star class (hạng sao) of a certificate: only 3★ to 5★ are certified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    /// 3, 4 or 5 stars.
    pub fn new(stars: u8) -> Result<Self, ErrorCode> {
        if (3..=5).contains(&stars) {
            Ok(Self(stars))
        } else {
            Err(ErrorCode::InvalidStars)
        }
    }

    /// The number of stars.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Stars {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Stars::new(value).map_err(|_| format!("{value} stars: only 3 to 5 are certified"))
    }
}

impl From<Stars> for u8 {
    fn from(value: Stars) -> Self {
        value.0
    }
}

/// The rules a product was evaluated under (căn cứ pháp lý).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    /// QĐ 1048/QĐ-TTg (21/08/2019), until 23/02/2023.
    Qd1048,
    /// QĐ 148/QĐ-TTg (24/02/2023), amended by QĐ 1489 from 06/07/2025.
    Qd148,
    /// QĐ 26/2026/QĐ-TTg.
    Qd26_2026,
}

impl LegalBasis {
    /// Every basis, oldest first.
    pub const ALL: [LegalBasis; 3] = [LegalBasis::Qd1048, LegalBasis::Qd148, LegalBasis::Qd26_2026];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LegalBasis::Qd1048 => "qd1048",
            LegalBasis::Qd148 => "qd148",
            LegalBasis::Qd26_2026 => "qd26_2026",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|b| b.as_str() == text.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// The legal reference as printed.
    pub fn label(self) -> &'static str {
        match self {
            LegalBasis::Qd1048 => "QĐ 1048/QĐ-TTg",
            LegalBasis::Qd148 => "QĐ 148/QĐ-TTg",
            LegalBasis::Qd26_2026 => "QĐ 26/2026/QĐ-TTg",
        }
    }
}

/// Which level of government signs the certificate (cấp ban hành).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuerLevel {
    /// UBND huyện: 3★ under QĐ 148 until 05/07/2025.
    District,
    /// UBND tỉnh: 3★ and 4★.
    Province,
    /// The agriculture ministry: Bộ NN&PTNT, since 01/03/2025 Bộ NN&MT (see [`IssuerLevel::name_on`]): 5★.
    Ministry,
}

impl IssuerLevel {
    /// Every level.
    pub const ALL: [IssuerLevel; 3] = [IssuerLevel::District, IssuerLevel::Province, IssuerLevel::Ministry];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            IssuerLevel::District => "district",
            IssuerLevel::Province => "province",
            IssuerLevel::Ministry => "ministry",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        Self::ALL
            .into_iter()
            .find(|b| b.as_str() == text.trim())
            .ok_or(ErrorCode::InvalidChoice)
    }

    /// Vietnamese and English labels of the level, true on any date (the ministry's name
    /// changed in 2025: see [`IssuerLevel::name_on`]).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            IssuerLevel::District => ("UBND cấp huyện", "District People's Committee"),
            IssuerLevel::Province => ("UBND cấp tỉnh", "Province People's Committee"),
            IssuerLevel::Ministry => ("Cấp trung ương (Bộ)", "Central level (ministry)"),
        }
    }

    /// The level's name as it was on `date`: for the ministry, "Bộ Nông nghiệp và Phát triển
    /// nông thôn" before the 2025 merger and "Bộ Nông nghiệp và Môi trường" after.
    pub fn name_on(self, date: NaiveDate) -> String {
        match self {
            IssuerLevel::Ministry => ministry_name_on(date).to_owned(),
            other => other.label().0.to_owned(),
        }
    }
}

/// The agriculture ministry's name on `date` (the one function every document uses).
pub fn ministry_name_on(date: NaiveDate) -> &'static str {
    crate::evaluation::LegalBases::official()
        .agency_names_on(date)
        .ministry
        .as_str()
}

/// The province's agriculture department's name on `date` ("Sở Nông nghiệp và Phát triển nông
/// thôn" before the 2025 merger, "Sở Nông nghiệp và Môi trường" after).
pub fn department_name_on(date: NaiveDate) -> &'static str {
    crate::evaluation::LegalBases::official()
        .agency_names_on(date)
        .department
        .as_str()
}

/// The day QĐ 1489 moved 3★ recognition from districts to provinces.
pub fn qd1489_effective() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 6).expect("valid date")
}

/// The level that must sign a `stars` certificate under `basis` on `decided_on`.
pub fn competent_issuer(basis: LegalBasis, stars: Stars, decided_on: NaiveDate) -> IssuerLevel {
    match (stars.get(), basis) {
        (5, _) => IssuerLevel::Ministry,
        (3, LegalBasis::Qd148) if decided_on < qd1489_effective() => IssuerLevel::District,
        _ => IssuerLevel::Province,
    }
}

/// Checks that `issuer` may sign a `stars` certificate under `basis` on `decided_on`.
pub fn check_issuer(
    basis: LegalBasis,
    stars: Stars,
    decided_on: NaiveDate,
    issuer: IssuerLevel,
) -> Result<(), ErrorCode> {
    if competent_issuer(basis, stars, decided_on) == issuer {
        Ok(())
    } else {
        Err(ErrorCode::WrongIssuer)
    }
}

/// Căn cứ thu hồi: why a certificate is revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationGround {
    /// Not re-evaluated when the 36 months ran out.
    NotReevaluated,
    /// Re-evaluated, but failed the mandatory criteria of its class.
    FailsMandatoryCriteria,
    /// A food-safety violation (vi phạm an toàn thực phẩm).
    FoodSafetyViolation,
    /// Not producing to the certified quality or packaging.
    QualityOrPackaging,
    /// Production stopped.
    ProductionStopped,
    /// Another ground, given in words.
    Other,
}

impl RevocationGround {
    /// Every ground, in display order.
    pub const ALL: [RevocationGround; 6] = [
        RevocationGround::NotReevaluated,
        RevocationGround::FailsMandatoryCriteria,
        RevocationGround::FoodSafetyViolation,
        RevocationGround::QualityOrPackaging,
        RevocationGround::ProductionStopped,
        RevocationGround::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RevocationGround::NotReevaluated => "not_reevaluated",
            RevocationGround::FailsMandatoryCriteria => "fails_mandatory_criteria",
            RevocationGround::FoodSafetyViolation => "food_safety_violation",
            RevocationGround::QualityOrPackaging => "quality_or_packaging",
            RevocationGround::ProductionStopped => "production_stopped",
            RevocationGround::Other => "other",
        }
    }

    /// Parses a ground and its text: `other` needs the text, the rest ignore it.
    pub fn parse(code: &str, text: Option<&str>) -> Result<(Self, Option<String>), ErrorCode> {
        let ground = Self::ALL
            .into_iter()
            .find(|g| g.as_str() == code.trim())
            .ok_or(ErrorCode::InvalidChoice)?;
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        match (ground, text) {
            (RevocationGround::Other, None) => Err(ErrorCode::Required),
            (RevocationGround::Other, Some(t)) if t.chars().count() > 500 => Err(ErrorCode::TooLong),
            (RevocationGround::Other, Some(t)) => Ok((ground, Some(t.to_owned()))),
            _ => Ok((ground, None)),
        }
    }

    /// Vietnamese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            RevocationGround::NotReevaluated => (
                "Không đánh giá lại khi hết thời hạn 36 tháng",
                "Not re-evaluated within 36 months",
            ),
            RevocationGround::FailsMandatoryCriteria => {
                ("Không đáp ứng tiêu chí bắt buộc", "Fails the mandatory criteria")
            }
            RevocationGround::FoodSafetyViolation => ("Vi phạm an toàn thực phẩm", "Food-safety violation"),
            RevocationGround::QualityOrPackaging => (
                "Không sản xuất đúng chất lượng, bao bì đã được công nhận",
                "Not producing to the certified quality or packaging",
            ),
            RevocationGround::ProductionStopped => ("Ngừng sản xuất", "Production stopped"),
            RevocationGround::Other => ("Lý do khác", "Other"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_ministry_is_named_as_on_the_date() {
        assert_eq!(
            IssuerLevel::Ministry.name_on(d(2023, 6, 1)),
            "Bộ Nông nghiệp và Phát triển nông thôn"
        );
        assert_eq!(
            IssuerLevel::Ministry.name_on(d(2025, 8, 1)),
            "Bộ Nông nghiệp và Môi trường"
        );
        assert_eq!(
            department_name_on(d(2024, 12, 31)),
            "Sở Nông nghiệp và Phát triển nông thôn"
        );
        assert_eq!(department_name_on(d(2026, 1, 1)), "Sở Nông nghiệp và Môi trường");
    }

    #[test]
    fn only_three_to_five_stars() {
        assert!(Stars::new(2).is_err());
        assert!(Stars::new(6).is_err());
        assert_eq!(Stars::new(4).unwrap().get(), 4);
        assert!(serde_json::from_str::<Stars>("1").is_err());
    }

    #[test]
    fn issuer_follows_stars_basis_and_date() {
        let three = Stars::new(3).unwrap();
        let four = Stars::new(4).unwrap();
        let five = Stars::new(5).unwrap();
        assert_eq!(
            competent_issuer(LegalBasis::Qd148, three, d(2024, 11, 12)),
            IssuerLevel::District
        );
        assert_eq!(
            competent_issuer(LegalBasis::Qd148, three, d(2025, 7, 5)),
            IssuerLevel::District
        );
        assert_eq!(
            competent_issuer(LegalBasis::Qd148, three, d(2025, 7, 6)),
            IssuerLevel::Province
        );
        assert_eq!(
            competent_issuer(LegalBasis::Qd1048, three, d(2021, 5, 1)),
            IssuerLevel::Province
        );
        assert_eq!(
            competent_issuer(LegalBasis::Qd148, four, d(2024, 1, 1)),
            IssuerLevel::Province
        );
        assert_eq!(
            competent_issuer(LegalBasis::Qd26_2026, five, d(2026, 8, 5)),
            IssuerLevel::Ministry
        );
        assert_eq!(
            check_issuer(LegalBasis::Qd148, five, d(2024, 1, 1), IssuerLevel::Province),
            Err(ErrorCode::WrongIssuer)
        );
    }

    #[test]
    fn other_ground_needs_words() {
        assert_eq!(RevocationGround::parse("other", Some("  ")), Err(ErrorCode::Required));
        assert_eq!(
            RevocationGround::parse("other", Some("Giả mạo nhãn"))
                .unwrap()
                .1
                .as_deref(),
            Some("Giả mạo nhãn")
        );
        assert_eq!(
            RevocationGround::parse("production_stopped", Some("x")).unwrap(),
            (RevocationGround::ProductionStopped, None)
        );
        assert!(RevocationGround::parse("bogus", None).is_err());
    }
}
