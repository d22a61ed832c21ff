//! The two shipped unit lists (before and since 01/07/2025) and the official
//! conversion between them, turned into `admin_unit` and `admin_unit_link` rows.
//!
//! Source: PyPI package onflow-location-platform 1.1.2 (MIT, © OnFlow); see
//! `reference/admin-units/README.md` for how the files are rebuilt.

use chrono::NaiveDate;
use ocop_domain::admin_unit::{AdminLevel, AdminUnitId, SuccessionKind, two_level_reform_date, versions};
use ocop_domain::text::{fold, sort_key_vi};

use super::{field, read_csv};
use crate::entities::{admin_unit, admin_unit_link};

const PROVINCES_2025: &str = include_str!("../../../../reference/admin-units/provinces_2025.csv");
const COMMUNES_2025: &str = include_str!("../../../../reference/admin-units/communes_2025.csv");
const PROVINCES_PRE2025: &str = include_str!("../../../../reference/admin-units/provinces_pre2025.csv");
const DISTRICTS_PRE2025: &str = include_str!("../../../../reference/admin-units/districts_pre2025.csv");
const COMMUNES_PRE2025: &str = include_str!("../../../../reference/admin-units/communes_pre2025.csv");
const CONVERSION_2025: &str = include_str!("../../../../reference/admin-units/conversion_2025.csv");

/// Everything the shipped lists contain.
pub struct ShippedUnits {
    /// All units of both lists.
    pub units: Vec<admin_unit::Model>,
    /// Old → new links (communes from the conversion table, provinces from the province list).
    pub links: Vec<admin_unit_link::Model>,
}

/// Builds one unit row; `name_folded` and `sort_key` come from the name.
#[allow(clippy::too_many_arguments)]
pub fn unit_row(
    version: &str,
    level: AdminLevel,
    code: &str,
    name: &str,
    full_name: &str,
    unit_type: &str,
    parent_id: Option<String>,
    province_code: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
) -> admin_unit::Model {
    admin_unit::Model {
        id: AdminUnitId::new(version, level, code).to_string(),
        version: version.to_owned(),
        level: level.as_str().to_owned(),
        code: code.to_owned(),
        name: name.to_owned(),
        full_name: full_name.to_owned(),
        unit_type: unit_type.to_owned(),
        parent_id,
        province_code,
        valid_from,
        valid_to,
        lat: None,
        lon: None,
        area_km2: None,
        name_folded: fold(full_name),
        sort_key: sort_key_vi(name),
    }
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse().ok()
}

/// Parses the shipped files.
pub fn shipped() -> Result<ShippedUnits, String> {
    let reform = two_level_reform_date();
    let last_old_day = reform.pred_opt().expect("valid date");
    let old = |level, code: &str| AdminUnitId::new(versions::PRE_2025, level, code).to_string();
    let new = |level, code: &str| AdminUnitId::new(versions::Y2025, level, code).to_string();
    let mut units = Vec::with_capacity(14_200);
    let mut links = Vec::with_capacity(10_700);

    for row in read_csv(PROVINCES_2025)? {
        let code = field(&row, "code")?;
        let mut unit = unit_row(
            versions::Y2025,
            AdminLevel::Province,
            code,
            field(&row, "name")?,
            field(&row, "full_name")?,
            field(&row, "unit_type")?,
            None,
            Some(code.to_owned()),
            Some(reform),
            None,
        );
        unit.lat = number(field(&row, "lat")?);
        unit.lon = number(field(&row, "lon")?);
        units.push(unit);
    }
    for row in read_csv(COMMUNES_2025)? {
        let province = field(&row, "province_code")?;
        let mut unit = unit_row(
            versions::Y2025,
            AdminLevel::Commune,
            field(&row, "code")?,
            field(&row, "name")?,
            field(&row, "full_name")?,
            field(&row, "unit_type")?,
            Some(new(AdminLevel::Province, province)),
            Some(province.to_owned()),
            Some(reform),
            None,
        );
        unit.lat = number(field(&row, "lat")?);
        unit.lon = number(field(&row, "lon")?);
        unit.area_km2 = number(field(&row, "area_km2")?);
        units.push(unit);
    }
    for row in read_csv(PROVINCES_PRE2025)? {
        let code = field(&row, "code")?;
        units.push(unit_row(
            versions::PRE_2025,
            AdminLevel::Province,
            code,
            field(&row, "name")?,
            field(&row, "full_name")?,
            field(&row, "unit_type")?,
            None,
            Some(code.to_owned()),
            None,
            Some(last_old_day),
        ));
        links.push(admin_unit_link::Model {
            from_id: old(AdminLevel::Province, code),
            to_id: new(AdminLevel::Province, field(&row, "new_province_code")?),
            kind: SuccessionKind::Full.as_str().to_owned(),
            effective_on: reform,
        });
    }
    for row in read_csv(DISTRICTS_PRE2025)? {
        let province = field(&row, "province_code")?;
        units.push(unit_row(
            versions::PRE_2025,
            AdminLevel::District,
            field(&row, "code")?,
            field(&row, "name")?,
            field(&row, "full_name")?,
            field(&row, "unit_type")?,
            Some(old(AdminLevel::Province, province)),
            Some(province.to_owned()),
            None,
            Some(last_old_day),
        ));
    }
    for row in read_csv(COMMUNES_PRE2025)? {
        units.push(unit_row(
            versions::PRE_2025,
            AdminLevel::Commune,
            field(&row, "code")?,
            field(&row, "name")?,
            field(&row, "full_name")?,
            field(&row, "unit_type")?,
            Some(old(AdminLevel::District, field(&row, "district_code")?)),
            Some(field(&row, "province_code")?.to_owned()),
            None,
            Some(last_old_day),
        ));
    }
    for row in read_csv(CONVERSION_2025)? {
        let kind = SuccessionKind::parse(field(&row, "kind")?).map_err(|_| "bad conversion kind".to_owned())?;
        // A row without an old commune is a whole island district that became
        // a special zone (đặc khu): the link starts at the district.
        let old_commune = field(&row, "old_commune_code")?;
        let from_id = if old_commune.is_empty() {
            old(AdminLevel::District, field(&row, "old_district_code")?)
        } else {
            old(AdminLevel::Commune, old_commune)
        };
        links.push(admin_unit_link::Model {
            from_id,
            to_id: new(AdminLevel::Commune, field(&row, "new_commune_code")?),
            kind: kind.as_str().to_owned(),
            effective_on: reform,
        });
    }
    Ok(ShippedUnits { units, links })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_shipped_lists_have_the_official_counts() {
        let shipped = shipped().expect("shipped files parse");
        let count = |version: &str, level: AdminLevel| {
            shipped
                .units
                .iter()
                .filter(|u| u.version == version && u.level == level.as_str())
                .count()
        };
        assert_eq!(count(versions::Y2025, AdminLevel::Province), 34);
        assert_eq!(count(versions::Y2025, AdminLevel::Commune), 3_321);
        assert_eq!(count(versions::PRE_2025, AdminLevel::Province), 63);
        assert_eq!(count(versions::PRE_2025, AdminLevel::District), 696);
        assert_eq!(count(versions::PRE_2025, AdminLevel::Commune), 10_035);
    }

    #[test]
    fn every_link_and_parent_points_at_a_shipped_unit() {
        let shipped = shipped().expect("shipped files parse");
        let ids: HashSet<&str> = shipped.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids.len(), shipped.units.len(), "unit ids are unique");
        for link in &shipped.links {
            assert!(ids.contains(link.from_id.as_str()), "unknown old unit {}", link.from_id);
            assert!(ids.contains(link.to_id.as_str()), "unknown new unit {}", link.to_id);
        }
        for unit in &shipped.units {
            if let Some(parent) = &unit.parent_id {
                assert!(ids.contains(parent.as_str()), "{} has unknown parent {parent}", unit.id);
            }
        }
    }

    #[test]
    fn cam_xuyen_keeps_its_diacritics_and_its_successor() {
        let shipped = shipped().expect("shipped files parse");
        let new = shipped
            .units
            .iter()
            .find(|u| u.id == "2025/commune/18673")
            .expect("Xã Cẩm Xuyên");
        assert_eq!(new.full_name, "Xã Cẩm Xuyên");
        assert_eq!(new.name_folded, "xa cam xuyen");
        assert!(
            shipped
                .links
                .iter()
                .any(|l| l.from_id == "pre2025/commune/18673" && l.to_id == "2025/commune/18673")
        );
    }
}
