//! Administrative units: browse by date, search, children, succession, and
//! "where is this today" for any record that names a unit.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use ocop_domain::ErrorCode;
use ocop_domain::admin_unit::{AdminLevel, AdminUnitId};
use ocop_storage::entities::admin_unit;
use ocop_storage::repo::admin_unit_repo::{self, UnitQuery};
use ocop_storage::{ConnectionTrait, Database};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ServiceError, ServiceResult};
use crate::paging;

/// One unit as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct AdminUnitDto {
    /// `{version}/{level}/{code}`, e.g. `2025/commune/18673`.
    pub id: String,
    /// Official code (2 digits province, 3 district, 5 commune).
    pub code: String,
    /// `province`, `district` or `commune`.
    pub level: String,
    /// Name without the type, e.g. "Cẩm Xuyên".
    pub name: String,
    /// Full name, e.g. "Xã Cẩm Xuyên".
    pub full_name: String,
    /// Unit type (Tỉnh, Thành phố trực thuộc trung ương, Huyện, Xã, Phường, Thị trấn, Đặc khu, …).
    pub unit_type: String,
    /// The list version the unit belongs to (`pre2025`, `2025`, or an amendment date).
    pub version: String,
    /// Parent in the same list.
    pub parent_id: Option<String>,
    /// Code of the province (in the same list).
    pub province_code: Option<String>,
    /// First day in force (none: before the records begin).
    pub valid_from: Option<NaiveDate>,
    /// Last day in force (none: still in force).
    pub valid_to: Option<NaiveDate>,
    /// Centroid latitude.
    pub lat: Option<f64>,
    /// Centroid longitude.
    pub lon: Option<f64>,
}

impl From<admin_unit::Model> for AdminUnitDto {
    fn from(m: admin_unit::Model) -> Self {
        Self {
            id: m.id,
            code: m.code,
            level: m.level,
            name: m.name,
            full_name: m.full_name,
            unit_type: m.unit_type,
            version: m.version,
            parent_id: m.parent_id,
            province_code: m.province_code,
            valid_from: m.valid_from,
            valid_to: m.valid_to,
            lat: m.lat,
            lon: m.lon,
        }
    }
}

/// A page of results.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Paged<T> {
    /// This page.
    pub items: Vec<T>,
    /// Matches in all.
    pub total: u64,
    /// Rows skipped.
    pub offset: u64,
    /// Page size.
    pub limit: u64,
}

/// Query of `GET /api/v1/admin-units`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminUnitListParams {
    /// `province` (default), `district` or `commune`.
    pub level: Option<String>,
    /// Date the units must be in force on, `YYYY-MM-DD` (default: today).
    pub on: Option<String>,
    /// Search text, without diacritics if you like.
    pub q: Option<String>,
    /// Only children of this unit id.
    pub parent: Option<String>,
    /// Rows to skip.
    pub offset: Option<u64>,
    /// Page size (1–200, default 20).
    pub limit: Option<u64>,
}

/// A linked unit and how it is linked.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkedUnitDto {
    /// The unit.
    pub unit: AdminUnitDto,
    /// `full`, `partial` or `renamed`.
    pub kind: String,
}

/// A unit with its family and history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AdminUnitDetail {
    /// The unit.
    pub unit: AdminUnitDto,
    /// Its parent.
    pub parent: Option<AdminUnitDto>,
    /// The units it went into.
    pub successors: Vec<LinkedUnitDto>,
    /// The units that went into it.
    pub predecessors: Vec<LinkedUnitDto>,
    /// Today's units covering it (itself when still in force).
    pub current: Vec<AdminUnitDto>,
}

pub use ocop_domain::import::parse_date;

/// Today in Vietnam (UTC+7), the date the programme's rules count in.
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// The day in Vietnam (UTC+7) of an instant.
pub fn day_of(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(7)).date_naive()
}

/// Lists units; public.
pub async fn list(db: &Database, params: &AdminUnitListParams) -> ServiceResult<Paged<AdminUnitDto>> {
    let level = match params.level.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        None => AdminLevel::Province,
        Some(level) => AdminLevel::parse(level).map_err(|code| ServiceError::field("level", code))?,
    };
    let on = match params.on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => today(),
        Some(date) => parse_date(date).map_err(|code| ServiceError::field("on", code))?,
    };
    let parent = match params.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(id) => {
            let id = AdminUnitId::parse(id).map_err(|code| ServiceError::field("parent", code))?;
            Some(
                admin_unit_repo::get(db.conn(), id.as_str())
                    .await?
                    .ok_or_else(|| ServiceError::field("parent", ErrorCode::UnknownAdminUnit))?,
            )
        }
    };
    let query = UnitQuery {
        level,
        on,
        terms: crate::search_text::query_terms(params.q.as_deref())?,
        parent,
        offset: params.offset.unwrap_or(0),
        limit: paging::limit(params.limit),
    };
    let page = admin_unit_repo::list(db.conn(), &query).await?;
    Ok(Paged {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        offset: query.offset,
        limit: query.limit,
    })
}

/// One unit with parent, successors, predecessors and today's units; public.
pub async fn detail(db: &Database, id: &str) -> ServiceResult<AdminUnitDetail> {
    let id = AdminUnitId::parse(id).map_err(|_| ServiceError::NotFound)?;
    let conn = db.conn();
    let unit = admin_unit_repo::get(conn, id.as_str())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let parent = match &unit.parent_id {
        Some(parent) => admin_unit_repo::get(conn, parent).await?.map(Into::into),
        None => None,
    };
    let link = |(unit, kind): (admin_unit::Model, String)| LinkedUnitDto {
        unit: unit.into(),
        kind,
    };
    let successors = admin_unit_repo::successors(conn, &unit.id)
        .await?
        .into_iter()
        .map(link)
        .collect();
    let predecessors = admin_unit_repo::predecessors(conn, &unit.id)
        .await?
        .into_iter()
        .map(link)
        .collect();
    let current_ids: Vec<String> = admin_unit_repo::current_of(conn, &unit.id)
        .await?
        .into_iter()
        .map(|c| c.current_id)
        .collect();
    let mut current: Vec<AdminUnitDto> = admin_unit_repo::get_many(conn, &current_ids)
        .await?
        .into_values()
        .map(Into::into)
        .collect();
    current.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(AdminUnitDetail {
        unit: unit.into(),
        parent,
        successors,
        predecessors,
        current,
    })
}

/// Where a record's unit is, as recorded and as of today.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PlaceDto {
    /// The commune as recorded.
    pub commune_id: String,
    /// Its full name as recorded, e.g. "Thị trấn Cẩm Xuyên".
    pub commune_name: String,
    /// The district as recorded (units before 01/07/2025).
    pub district_name: Option<String>,
    /// The province as recorded.
    pub province_name: String,
    /// Today's communes covering it, e.g. "Xã Cẩm Xuyên".
    pub today_commune_names: Vec<String>,
    /// Today's province(s).
    pub today_province_names: Vec<String>,
    /// Today's province codes (for scope checks and filters).
    pub today_province_codes: Vec<String>,
    /// Today's commune codes.
    pub today_commune_codes: Vec<String>,
}

impl PlaceDto {
    /// One line for lists: "Xã Cẩm Xuyên, Hà Tĩnh (trước 01/07/2025: Thị trấn Cẩm Xuyên, Huyện Cẩm Xuyên)".
    pub fn summary(&self) -> String {
        let today = format!(
            "{}, {}",
            self.today_commune_names.join(" / "),
            self.today_province_names.join(" / ")
        );
        if self.today_commune_names.len() == 1 && self.today_commune_names[0] == self.commune_name {
            return today;
        }
        let recorded = match &self.district_name {
            Some(district) => format!("{}, {}, {}", self.commune_name, district, self.province_name),
            None => format!("{}, {}", self.commune_name, self.province_name),
        };
        format!("{today} ({recorded})")
    }

    /// Everything a search should find this place by, as one string.
    pub fn search_words(&self) -> String {
        let mut words = vec![self.commune_name.clone(), self.province_name.clone()];
        words.extend(self.district_name.clone());
        words.extend(self.today_commune_names.iter().cloned());
        words.extend(self.today_province_names.iter().cloned());
        words.join(" ")
    }
}

/// Resolves many recorded communes to places in a few queries.
pub async fn places<C: ConnectionTrait>(conn: &C, commune_ids: &[String]) -> ServiceResult<HashMap<String, PlaceDto>> {
    let unique: Vec<String> = commune_ids
        .iter()
        .cloned()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let communes = admin_unit_repo::get_many(conn, &unique).await?;
    let current = admin_unit_repo::current_of_many(conn, &unique).await?;
    let mut wanted: HashSet<String> = HashSet::new();
    for commune in communes.values() {
        wanted.extend(commune.parent_id.clone());
    }
    for rows in current.values() {
        wanted.extend(rows.iter().map(|row| row.current_id.clone()));
    }
    let related = admin_unit_repo::get_many(conn, &wanted.into_iter().collect::<Vec<_>>()).await?;
    let provinces = admin_unit_repo::all_provinces(conn).await?;
    let mut places = HashMap::new();
    for (id, commune) in &communes {
        let district_name = commune
            .parent_id
            .as_ref()
            .and_then(|p| related.get(p))
            .filter(|p| p.level == AdminLevel::District.as_str())
            .map(|p| p.full_name.clone());
        let province_name = province_of(&provinces, commune)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let mut place = PlaceDto {
            commune_id: id.clone(),
            commune_name: commune.full_name.clone(),
            district_name,
            province_name,
            today_commune_names: Vec::new(),
            today_province_names: Vec::new(),
            today_province_codes: Vec::new(),
            today_commune_codes: Vec::new(),
        };
        for row in current.get(id).into_iter().flatten() {
            let Some(unit) = related.get(&row.current_id) else {
                continue;
            };
            place.today_commune_names.push(unit.full_name.clone());
            place.today_commune_codes.push(unit.code.clone());
            if !place.today_province_codes.contains(&row.current_province_code) {
                place.today_province_codes.push(row.current_province_code.clone());
                let name = province_of(&provinces, unit)
                    .map(|p| p.name.clone())
                    .unwrap_or_else(|| row.current_province_code.clone());
                place.today_province_names.push(name);
            }
        }
        places.insert(id.clone(), place);
    }
    Ok(places)
}

/// The province a unit lay in while it was in force.
fn province_of<'a>(provinces: &'a [admin_unit::Model], unit: &admin_unit::Model) -> Option<&'a admin_unit::Model> {
    let code = unit.province_code.as_deref()?;
    let day = unit.valid_to.or(unit.valid_from).unwrap_or_else(today);
    provinces
        .iter()
        .filter(|p| p.code == code)
        .find(|p| ocop_domain::admin_unit::in_force(p.valid_from, p.valid_to, day))
        .or_else(|| provinces.iter().find(|p| p.code == code && p.version == unit.version))
}

/// One place.
pub async fn place<C: ConnectionTrait>(conn: &C, commune_id: &str) -> ServiceResult<PlaceDto> {
    places(conn, &[commune_id.to_owned()])
        .await?
        .remove(commune_id)
        .ok_or(ServiceError::NotFound)
}

/// A commune as a form's picker shows it when a record already names one: the unit as
/// recorded and, for a unit of the list before 01/07/2025, where it lies (its district, today's
/// province). Public, as the list of units is; `None` when no unit has that id.
pub async fn chosen_commune(db: &Database, id: &str) -> ServiceResult<Option<(AdminUnitDto, Option<PlaceDto>)>> {
    let conn = db.conn();
    let Some(unit) = admin_unit_repo::get(conn, id).await? else {
        return Ok(None);
    };
    let place = if unit.id.starts_with("pre2025/") {
        Some(place(conn, &unit.id).await?)
    } else {
        None
    };
    Ok(Some((unit.into(), place)))
}

/// Checks that a commune exists and is a commune; returns it.
pub async fn require_commune<C: ConnectionTrait>(conn: &C, id: &AdminUnitId) -> ServiceResult<admin_unit::Model> {
    let unit = admin_unit_repo::get(conn, id.as_str())
        .await?
        .ok_or_else(|| ServiceError::field("commune_id", ErrorCode::UnknownAdminUnit))?;
    if unit.level != AdminLevel::Commune.as_str() {
        return Err(ServiceError::field("commune_id", ErrorCode::WrongAdminLevel));
    }
    Ok(unit)
}
