//! The administrative units the demo places producers in, read once from the
//! database, and the resolution of a published locality ("xã Phú Cần, huyện
//! Tiểu Cần") to a commune of the list before 01/07/2025.

use std::collections::BTreeMap;

use ocop_domain::admin_unit::{AdminLevel, versions};
use ocop_domain::text::fold;
use ocop_storage::ConnectionTrait;
use ocop_storage::entities::admin_unit;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::rng::hash64;
use crate::error::ServiceResult;

/// A commune: its identifier, its short name and its province code.
#[derive(Debug, Clone)]
pub(crate) struct Commune {
    /// `2025/commune/18673` or `pre2025/commune/18673`.
    pub id: String,
    /// Name without the type ("Cẩm Xuyên").
    pub name: String,
    /// Province code in its own list.
    pub province_code: String,
    /// Parent district id (communes before 2025 only).
    pub district_id: Option<String>,
}

/// Every commune of both lists and the districts before 2025.
pub(crate) struct Catalog {
    /// Today's communes, by code.
    pub communes_2025: Vec<Commune>,
    /// Today's communes grouped by province code (indexes into `communes_2025`).
    pub by_province_2025: BTreeMap<String, Vec<usize>>,
    /// Communes before 01/07/2025, by code.
    pub communes_pre2025: Vec<Commune>,
    /// Districts before 01/07/2025: (id, folded name, province code).
    districts_pre2025: Vec<(String, String, String)>,
}

/// How a published locality was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// The commune named, inside the district named.
    Exact,
    /// The district was found but not the commune: some commune of the district.
    District,
    /// Neither: some commune of the province.
    Province,
}

async fn units<C: ConnectionTrait>(
    conn: &C,
    version: &str,
    level: AdminLevel,
) -> ServiceResult<Vec<admin_unit::Model>> {
    Ok(admin_unit::Entity::find()
        .filter(admin_unit::Column::Version.eq(version))
        .filter(admin_unit::Column::Level.eq(level.as_str()))
        .order_by_asc(admin_unit::Column::Id)
        .all(conn)
        .await?)
}

fn commune(unit: admin_unit::Model, with_district: bool) -> Commune {
    Commune {
        id: unit.id,
        name: unit.name,
        province_code: unit.province_code.unwrap_or_default(),
        district_id: if with_district { unit.parent_id } else { None },
    }
}

impl Catalog {
    /// Reads both lists from the database (units only in force are not
    /// required: the demo places records on any unit of either list).
    pub(crate) async fn load<C: ConnectionTrait>(conn: &C) -> ServiceResult<Self> {
        let communes_2025: Vec<Commune> = units(conn, versions::Y2025, AdminLevel::Commune)
            .await?
            .into_iter()
            .map(|u| commune(u, false))
            .collect();
        let mut by_province_2025: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, c) in communes_2025.iter().enumerate() {
            by_province_2025.entry(c.province_code.clone()).or_default().push(i);
        }
        let communes_pre2025 = units(conn, versions::PRE_2025, AdminLevel::Commune)
            .await?
            .into_iter()
            .map(|u| commune(u, true))
            .collect();
        let districts_pre2025 = units(conn, versions::PRE_2025, AdminLevel::District)
            .await?
            .into_iter()
            .map(|u| (u.id, fold(&u.name), u.province_code.unwrap_or_default()))
            .collect();
        Ok(Self {
            communes_2025,
            by_province_2025,
            communes_pre2025,
            districts_pre2025,
        })
    }

    /// The pre-2025 commune a published locality names inside the old
    /// province `old_province_code`, with how exactly it was found. `salt`
    /// spreads fallbacks deterministically over the district or province.
    pub(crate) fn resolve(&self, old_province_code: &str, locality: &str, salt: &str) -> Option<(Commune, Resolution)> {
        let (commune_name, district_name) = parse_locality(locality);
        let district = district_name.and_then(|d| {
            self.districts_pre2025
                .iter()
                .find(|(_, name, province)| province == old_province_code && *name == d)
        });
        if let Some((district_id, _, _)) = district {
            let in_district: Vec<&Commune> = self
                .communes_pre2025
                .iter()
                .filter(|c| c.district_id.as_deref() == Some(district_id.as_str()))
                .collect();
            if let Some(name) = &commune_name
                && let Some(found) = in_district.iter().find(|c| fold(&c.name) == *name)
            {
                return Some(((*found).clone(), Resolution::Exact));
            }
            if !in_district.is_empty() {
                let pick = in_district[(hash64(salt) % in_district.len() as u64) as usize];
                return Some((pick.clone(), Resolution::District));
            }
        }
        let in_province: Vec<&Commune> = self
            .communes_pre2025
            .iter()
            .filter(|c| c.province_code == old_province_code)
            .collect();
        if in_province.is_empty() {
            return None;
        }
        let pick = in_province[(hash64(salt) % in_province.len() as u64) as usize];
        Some((pick.clone(), Resolution::Province))
    }
}

/// Splits "xã Phú Cần, huyện Tiểu Cần" into folded names without their unit
/// types: (`phu can`, `tieu can`). Either part may be missing.
pub(crate) fn parse_locality(locality: &str) -> (Option<String>, Option<String>) {
    const COMMUNE: [&str; 3] = ["thi tran ", "phuong ", "xa "];
    const DISTRICT: [&str; 6] = ["thi xa ", "thanh pho ", "tp. ", "tp.", "huyen ", "quan "];
    let strip = |part: &str, prefixes: &[&str]| -> Option<String> {
        let folded = fold(part);
        prefixes
            .iter()
            .find_map(|p| folded.strip_prefix(p))
            .map(|rest| rest.trim().to_owned())
    };
    let mut commune = None;
    let mut district = None;
    for part in locality.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if district.is_none()
            && let Some(name) = strip(part, &DISTRICT)
        {
            district = Some(name);
        } else if commune.is_none()
            && let Some(name) = strip(part, &COMMUNE)
        {
            commune = Some(name);
        }
    }
    (commune, district)
}

#[cfg(test)]
mod tests {
    use super::parse_locality;

    #[test]
    fn published_localities_split_into_commune_and_district() {
        assert_eq!(
            parse_locality("xã Phú Cần, huyện Tiểu Cần"),
            (Some("phu can".into()), Some("tieu can".into()))
        );
        assert_eq!(
            parse_locality("thị trấn Dương Đông, huyện Phú Quốc"),
            (Some("duong dong".into()), Some("phu quoc".into()))
        );
        assert_eq!(
            parse_locality("xã Tân Cương, TP. Thái Nguyên"),
            (Some("tan cuong".into()), Some("thai nguyen".into()))
        );
        assert_eq!(parse_locality(""), (None, None));
    }
}
