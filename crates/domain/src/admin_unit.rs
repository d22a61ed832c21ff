//! Administrative units (đơn vị hành chính) as time-versioned data.
//!
//! Vietnam had 63 provinces, 696 districts and 10,035 communes until
//! 30/06/2025, and 34 provinces and 3,321 communes (no districts) since
//! 01/07/2025. Codes are reused across lists (new Tuyên Quang 08 = old 02 + 08),
//! so a code alone never identifies a unit: every unit belongs to a list
//! version, and its identifier names that version.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// The level of a unit in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminLevel {
    /// Tỉnh / thành phố trực thuộc trung ương.
    Province,
    /// Huyện / quận / thị xã / thành phố thuộc tỉnh (abolished 01/07/2025).
    District,
    /// Xã / phường / thị trấn / đặc khu.
    Commune,
}

impl AdminLevel {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            AdminLevel::Province => "province",
            AdminLevel::District => "district",
            AdminLevel::Commune => "commune",
        }
    }

    /// Parses `province`, `district` or `commune`.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        match text.trim() {
            "province" => Ok(AdminLevel::Province),
            "district" => Ok(AdminLevel::District),
            "commune" => Ok(AdminLevel::Commune),
            _ => Err(ErrorCode::InvalidChoice),
        }
    }

    /// The Vietnamese name of the level.
    pub fn label_vi(self) -> &'static str {
        match self {
            AdminLevel::Province => "Tỉnh/thành phố",
            AdminLevel::District => "Huyện/quận",
            AdminLevel::Commune => "Xã/phường",
        }
    }
}

/// The identifier of one unit in one list version: `{version}/{level}/{code}`,
/// for example `2025/commune/18673` (Xã Cẩm Xuyên since 01/07/2025) or
/// `pre2025/district/446` (Huyện Cẩm Xuyên before). A record that names a unit
/// keeps this identifier forever.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AdminUnitId(String);

impl AdminUnitId {
    /// Builds the identifier from its parts.
    pub fn new(version: &str, level: AdminLevel, code: &str) -> Self {
        Self(format!("{version}/{}/{code}", level.as_str()))
    }

    /// Parses an identifier, checking its shape.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        let text = text.trim();
        let mut parts = text.split('/');
        let (Some(version), Some(level), Some(code), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ErrorCode::UnknownAdminUnit);
        };
        AdminLevel::parse(level).map_err(|_| ErrorCode::UnknownAdminUnit)?;
        let version_ok = !version.is_empty() && version.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        let code_ok = !code.is_empty() && code.len() <= 5 && code.chars().all(|c| c.is_ascii_digit());
        if version_ok && code_ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(ErrorCode::UnknownAdminUnit)
        }
    }

    /// The text form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The list version part (`2025`, `pre2025`, …).
    pub fn version(&self) -> &str {
        self.0.split('/').next().unwrap_or_default()
    }

    /// The level part.
    pub fn level(&self) -> Option<AdminLevel> {
        self.0.split('/').nth(1).and_then(|l| AdminLevel::parse(l).ok())
    }

    /// The official code part.
    pub fn code(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or_default()
    }
}

impl std::fmt::Display for AdminUnitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The list versions the system ships.
pub mod versions {
    /// The list in force just before 01/07/2025 (63 provinces, 696 districts, 10,035 communes).
    pub const PRE_2025: &str = "pre2025";
    /// The list in force from 01/07/2025 (34 provinces, 3,321 communes).
    pub const Y2025: &str = "2025";
}

/// The day the two-level local government took effect.
pub fn two_level_reform_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).expect("valid date")
}

/// How an old unit went into a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuccessionKind {
    /// The whole old unit went into the new one (nhập toàn bộ).
    Full,
    /// Part of the old unit went into the new one (nhập một phần).
    Partial,
    /// Same territory, new name or new type (xã → phường).
    Renamed,
}

impl SuccessionKind {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            SuccessionKind::Full => "full",
            SuccessionKind::Partial => "partial",
            SuccessionKind::Renamed => "renamed",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        match text.trim() {
            "full" => Ok(SuccessionKind::Full),
            "partial" => Ok(SuccessionKind::Partial),
            "renamed" | "rename" | "retype" => Ok(SuccessionKind::Renamed),
            _ => Err(ErrorCode::InvalidChoice),
        }
    }
}

/// Whether a unit valid from `valid_from` (none: since before records began)
/// until `valid_to` inclusive (none: still in force) is in force on `on`.
pub fn in_force(valid_from: Option<NaiveDate>, valid_to: Option<NaiveDate>, on: NaiveDate) -> bool {
    valid_from.is_none_or(|from| from <= on) && valid_to.is_none_or(|to| on <= to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_round_trips_and_exposes_parts() {
        let id = AdminUnitId::new("2025", AdminLevel::Commune, "18673");
        assert_eq!(id.as_str(), "2025/commune/18673");
        assert_eq!(AdminUnitId::parse("2025/commune/18673"), Ok(id.clone()));
        assert_eq!(id.version(), "2025");
        assert_eq!(id.level(), Some(AdminLevel::Commune));
        assert_eq!(id.code(), "18673");
    }

    #[test]
    fn malformed_identifiers_are_refused() {
        for bad in [
            "",
            "2025",
            "2025/commune",
            "2025/town/1",
            "2025/commune/12a",
            "2025/commune/1/2",
            "../x/commune/1",
        ] {
            assert_eq!(AdminUnitId::parse(bad), Err(ErrorCode::UnknownAdminUnit), "{bad}");
        }
    }

    #[test]
    fn in_force_bounds_are_inclusive() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let to = Some(d(2025, 6, 30));
        assert!(in_force(None, to, d(2025, 6, 30)));
        assert!(!in_force(None, to, d(2025, 7, 1)));
        assert!(in_force(Some(d(2025, 7, 1)), None, d(2025, 7, 1)));
        assert!(!in_force(Some(d(2025, 7, 1)), None, d(2025, 6, 30)));
    }
}
