//! Administrative units: lookups by date, search, children, succession.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use ocop_domain::admin_unit::{AdminLevel, SuccessionKind};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};

use super::{Page, insert_chunked, page_total};
use crate::entities::{admin_unit, admin_unit_current, admin_unit_link};
use crate::reference::admin_units::unit_row;
use crate::reference::amendment::{Amendment, short_name};

/// What to list.
#[derive(Debug, Clone)]
pub struct UnitQuery {
    /// Level.
    pub level: AdminLevel,
    /// The date the units must be in force on.
    pub on: NaiveDate,
    /// Folded search terms over the full name.
    pub terms: Vec<String>,
    /// Only children of this unit (matched by its code, in force on `on`).
    pub parent: Option<admin_unit::Model>,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
}

/// The condition "in force on `on`".
pub fn in_force_on(on: NaiveDate) -> Condition {
    Condition::all()
        .add(
            Condition::any()
                .add(admin_unit::Column::ValidFrom.is_null())
                .add(admin_unit::Column::ValidFrom.lte(on)),
        )
        .add(
            Condition::any()
                .add(admin_unit::Column::ValidTo.is_null())
                .add(admin_unit::Column::ValidTo.gte(on)),
        )
}

/// Adds one `LIKE %term%` per folded term on `column`.
pub fn folded_like<C: ColumnTrait>(column: C, terms: &[String]) -> Condition {
    terms.iter().fold(Condition::all(), |condition, term| {
        condition.add(column.like(format!("%{}%", escape_like(term))))
    })
}

/// Escapes `%` and `_` so a search term is taken literally (folded terms
/// contain neither in practice, but a user may type them).
fn escape_like(term: &str) -> String {
    term.replace(['%', '_'], "")
}

/// Lists units of a level in force on a date, in Vietnamese name order.
pub async fn list<C: ConnectionTrait>(conn: &C, query: &UnitQuery) -> Result<Page<admin_unit::Model>, DbErr> {
    let mut select = admin_unit::Entity::find()
        .filter(admin_unit::Column::Level.eq(query.level.as_str()))
        .filter(in_force_on(query.on))
        .filter(folded_like(admin_unit::Column::NameFolded, &query.terms));
    if let Some(parent) = &query.parent {
        select = match AdminLevel::parse(&parent.level) {
            Ok(AdminLevel::Province) => select.filter(admin_unit::Column::ProvinceCode.eq(parent.code.clone())),
            _ => select.filter(admin_unit::Column::ParentId.eq(parent.id.clone())),
        };
    }
    let items = select
        .clone()
        .order_by_asc(admin_unit::Column::SortKey)
        .order_by_asc(admin_unit::Column::Code)
        .offset(super::offset(query.offset))
        .limit(query.limit)
        .all(conn)
        .await?;
    let total = page_total(&select, conn, query.offset, query.limit, items.len()).await?;
    Ok(Page { items, total })
}

/// One unit by identifier.
pub async fn get<C: ConnectionTrait>(conn: &C, id: &str) -> Result<Option<admin_unit::Model>, DbErr> {
    admin_unit::Entity::find_by_id(id.to_owned()).one(conn).await
}

/// Several units by identifier.
pub async fn get_many<C: ConnectionTrait>(
    conn: &C,
    ids: &[String],
) -> Result<HashMap<String, admin_unit::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut found = HashMap::new();
    for chunk in ids.chunks(500) {
        for unit in admin_unit::Entity::find()
            .filter(admin_unit::Column::Id.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            found.insert(unit.id.clone(), unit);
        }
    }
    Ok(found)
}

/// The unit of `level` with `code` in force on `on`.
pub async fn find_in_force<C: ConnectionTrait>(
    conn: &C,
    level: AdminLevel,
    code: &str,
    on: NaiveDate,
) -> Result<Option<admin_unit::Model>, DbErr> {
    admin_unit::Entity::find()
        .filter(admin_unit::Column::Level.eq(level.as_str()))
        .filter(admin_unit::Column::Code.eq(code))
        .filter(in_force_on(on))
        .one(conn)
        .await
}

/// The direct successors of a unit (the units it went into) with the kind of each link.
pub async fn successors<C: ConnectionTrait>(conn: &C, id: &str) -> Result<Vec<(admin_unit::Model, String)>, DbErr> {
    let links = admin_unit_link::Entity::find()
        .filter(admin_unit_link::Column::FromId.eq(id))
        .all(conn)
        .await?;
    linked_units(conn, links.into_iter().map(|l| (l.to_id, l.kind)).collect()).await
}

/// The direct predecessors of a unit (the units that went into it).
pub async fn predecessors<C: ConnectionTrait>(conn: &C, id: &str) -> Result<Vec<(admin_unit::Model, String)>, DbErr> {
    let links = admin_unit_link::Entity::find()
        .filter(admin_unit_link::Column::ToId.eq(id))
        .all(conn)
        .await?;
    linked_units(conn, links.into_iter().map(|l| (l.from_id, l.kind)).collect()).await
}

async fn linked_units<C: ConnectionTrait>(
    conn: &C,
    pairs: Vec<(String, String)>,
) -> Result<Vec<(admin_unit::Model, String)>, DbErr> {
    let ids: Vec<String> = pairs.iter().map(|(id, _)| id.clone()).collect();
    let units = get_many(conn, &ids).await?;
    let mut linked: Vec<_> = pairs
        .into_iter()
        .filter_map(|(id, kind)| units.get(&id).cloned().map(|u| (u, kind)))
        .collect();
    linked.sort_by(|a, b| a.0.sort_key.cmp(&b.0.sort_key));
    Ok(linked)
}

/// Today's units covering a unit (itself when still in force).
pub async fn current_of<C: ConnectionTrait>(conn: &C, id: &str) -> Result<Vec<admin_unit_current::Model>, DbErr> {
    admin_unit_current::Entity::find()
        .filter(admin_unit_current::Column::UnitId.eq(id))
        .all(conn)
        .await
}

/// Ids of the units whose parent is one of `parents` (one level down, any list).
pub async fn child_ids<C: ConnectionTrait>(conn: &C, parents: &[String]) -> Result<Vec<String>, DbErr> {
    let mut ids = Vec::new();
    for chunk in parents.chunks(500) {
        ids.extend(
            admin_unit::Entity::find()
                .select_only()
                .column(admin_unit::Column::Id)
                .filter(admin_unit::Column::ParentId.is_in(chunk.to_vec()))
                .into_tuple::<String>()
                .all(conn)
                .await?,
        );
    }
    Ok(ids)
}

/// Ids of the units (any list) that today's units among `current_ids` cover.
pub async fn covered_by<C: ConnectionTrait>(conn: &C, current_ids: &[String]) -> Result<Vec<String>, DbErr> {
    let mut ids = Vec::new();
    for chunk in current_ids.chunks(500) {
        ids.extend(
            admin_unit_current::Entity::find()
                .select_only()
                .column(admin_unit_current::Column::UnitId)
                .filter(admin_unit_current::Column::CurrentId.is_in(chunk.to_vec()))
                .into_tuple::<String>()
                .all(conn)
                .await?,
        );
    }
    Ok(ids)
}

/// Ids of the units that units among `from_ids` went into (wholly or partly).
pub async fn successor_ids<C: ConnectionTrait>(conn: &C, from_ids: &[String]) -> Result<Vec<String>, DbErr> {
    let mut ids = Vec::new();
    for chunk in from_ids.chunks(500) {
        ids.extend(
            admin_unit_link::Entity::find()
                .select_only()
                .column(admin_unit_link::Column::ToId)
                .filter(admin_unit_link::Column::FromId.is_in(chunk.to_vec()))
                .into_tuple::<String>()
                .all(conn)
                .await?,
        );
    }
    Ok(ids)
}

/// Today's units covering each of several units.
pub async fn current_of_many<C: ConnectionTrait>(
    conn: &C,
    ids: &[String],
) -> Result<HashMap<String, Vec<admin_unit_current::Model>>, DbErr> {
    let mut map: HashMap<String, Vec<admin_unit_current::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = admin_unit_current::Entity::find()
            .filter(admin_unit_current::Column::UnitId.is_in(chunk.to_vec()))
            .all(conn)
            .await?;
        for row in rows {
            map.entry(row.unit_id.clone()).or_default().push(row);
        }
    }
    Ok(map)
}

/// A subquery condition: `column` names a unit that today lies in `province_code`.
pub fn unit_in_current_province<C: ColumnTrait>(column: C, province_code: &str) -> Condition {
    Condition::all().add(
        column.in_subquery(
            sea_orm::sea_query::Query::select()
                .column(admin_unit_current::Column::UnitId)
                .from(admin_unit_current::Entity)
                .and_where(Expr::col(admin_unit_current::Column::CurrentProvinceCode).eq(province_code))
                .to_owned(),
        ),
    )
}

/// A subquery condition: `column` names a unit that today lies in the commune `commune_code`.
pub fn unit_in_current_commune<C: ColumnTrait>(column: C, commune_code: &str) -> Condition {
    Condition::all().add(
        column.in_subquery(
            sea_orm::sea_query::Query::select()
                .column(admin_unit_current::Column::UnitId)
                .from(admin_unit_current::Entity)
                .and_where(Expr::col(admin_unit_current::Column::CurrentCode).eq(commune_code))
                .and_where(Expr::col(admin_unit_current::Column::CurrentLevel).eq(AdminLevel::Commune.as_str()))
                .to_owned(),
        ),
    )
}

/// Stores units and links (used by the reference-data migration).
pub async fn insert_units<C: ConnectionTrait>(
    conn: &C,
    units: Vec<admin_unit::Model>,
    links: Vec<admin_unit_link::Model>,
) -> Result<(), DbErr> {
    insert_chunked(
        conn,
        units.into_iter().map(IntoActiveModel::into_active_model).collect(),
        400,
    )
    .await?;
    insert_chunked(
        conn,
        links.into_iter().map(IntoActiveModel::into_active_model).collect(),
        800,
    )
    .await?;
    Ok(())
}

/// Recomputes `admin_unit_current`: every unit → the latest units (no end
/// date) it leads to through its links, transitively. A district leads to
/// wherever its communes lead.
pub async fn rebuild_current<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    let units = admin_unit::Entity::find().all(conn).await?;
    let links = admin_unit_link::Entity::find().all(conn).await?;
    let rows = compute_current(&units, &links);
    admin_unit_current::Entity::delete_many().exec(conn).await?;
    insert_chunked(
        conn,
        rows.into_iter().map(IntoActiveModel::into_active_model).collect(),
        800,
    )
    .await
}

/// The pure part of [`rebuild_current`].
pub fn compute_current(
    units: &[admin_unit::Model],
    links: &[admin_unit_link::Model],
) -> Vec<admin_unit_current::Model> {
    let by_id: HashMap<&str, &admin_unit::Model> = units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut next: HashMap<&str, Vec<&str>> = HashMap::new();
    for link in links {
        next.entry(link.from_id.as_str()).or_default().push(link.to_id.as_str());
    }
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for unit in units {
        if let Some(parent) = &unit.parent_id
            && unit.level == AdminLevel::Commune.as_str()
        {
            children.entry(parent.as_str()).or_default().push(unit.id.as_str());
        }
    }
    let mut rows = Vec::new();
    for unit in units {
        let mut found: HashSet<&str> = HashSet::new();
        let mut stack: Vec<&str> = vec![unit.id.as_str()];
        if unit.level == AdminLevel::District.as_str() {
            stack.extend(children.get(unit.id.as_str()).into_iter().flatten().copied());
        }
        let mut seen: HashSet<&str> = HashSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Some(current) = by_id.get(id) else { continue };
            if current.valid_to.is_none() {
                found.insert(id);
            } else if let Some(targets) = next.get(id) {
                stack.extend(targets.iter().copied());
            }
        }
        let mut found: Vec<&str> = found.into_iter().collect();
        found.sort_unstable();
        for id in found {
            let current = by_id[id];
            rows.push(admin_unit_current::Model {
                unit_id: unit.id.clone(),
                current_id: current.id.clone(),
                current_level: current.level.clone(),
                current_code: current.code.clone(),
                current_province_code: current.province_code.clone().unwrap_or_default(),
            });
        }
    }
    rows
}

/// Applies an amendment (see [`crate::reference::amendment`]): closes the
/// unit in force the day before, opens its successor and links them, then
/// rebuilds today's mapping. Returns the new units' identifiers.
pub async fn apply_amendments<C: ConnectionTrait>(
    conn: &C,
    amendments: &[Amendment],
) -> Result<Vec<String>, AmendError> {
    let mut created = Vec::new();
    for amendment in amendments {
        let day_before = amendment
            .effective
            .pred_opt()
            .ok_or(AmendError::Invalid("ngày hiệu lực".into()))?;
        let old = find_in_force(conn, amendment.level, &amendment.code, day_before)
            .await?
            .ok_or_else(|| {
                AmendError::Invalid(format!("không có đơn vị mã {} vào ngày {day_before}", amendment.code))
            })?;
        if old.full_name != amendment.before {
            return Err(AmendError::Invalid(format!(
                "đơn vị {} có tên \"{}\", không phải \"{}\"",
                amendment.code, old.full_name, amendment.before
            )));
        }
        if old.valid_to.is_some() {
            return Err(AmendError::Invalid(format!(
                "đơn vị {} đã có ngày kết thúc hiệu lực",
                old.id
            )));
        }
        let version = amendment.effective.format("%Y-%m-%d").to_string();
        let parent_id = match (amendment.level, &old.province_code) {
            (AdminLevel::Commune, Some(province)) => {
                find_in_force(conn, AdminLevel::Province, province, amendment.effective)
                    .await?
                    .map(|p| p.id)
            }
            _ => None,
        };
        let mut new = unit_row(
            &version,
            amendment.level,
            &amendment.code,
            short_name(&amendment.after),
            &amendment.after,
            &amendment.after_type,
            parent_id,
            old.province_code.clone(),
            Some(amendment.effective),
            None,
        );
        new.lat = old.lat;
        new.lon = old.lon;
        new.area_km2 = old.area_km2;
        admin_unit::Entity::update_many()
            .col_expr(admin_unit::Column::ValidTo, Expr::value(day_before))
            .filter(admin_unit::Column::Id.eq(old.id.clone()))
            .exec(conn)
            .await?;
        let link = admin_unit_link::Model {
            from_id: old.id.clone(),
            to_id: new.id.clone(),
            kind: SuccessionKind::Renamed.as_str().to_owned(),
            effective_on: amendment.effective,
        };
        created.push(new.id.clone());
        insert_units(conn, vec![new], vec![link]).await?;
    }
    rebuild_current(conn).await?;
    Ok(created)
}

/// Why an amendment could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum AmendError {
    /// The file does not fit the units in the database.
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Every province of every list version (about a hundred rows).
pub async fn all_provinces<C: ConnectionTrait>(conn: &C) -> Result<Vec<admin_unit::Model>, DbErr> {
    admin_unit::Entity::find()
        .filter(admin_unit::Column::Level.eq(AdminLevel::Province.as_str()))
        .all(conn)
        .await
}

/// Each unit's mean position over its children of `level` with a position, keyed by the
/// parent's id (a 2025 province over its communes: the list has no districts).
pub async fn mean_positions<C: ConnectionTrait>(
    conn: &C,
    level: AdminLevel,
) -> Result<std::collections::HashMap<String, (f64, f64)>, DbErr> {
    let rows: Vec<(Option<String>, Option<f64>, Option<f64>)> = admin_unit::Entity::find()
        .select_only()
        .column(admin_unit::Column::ParentId)
        .column_as(Expr::col(admin_unit::Column::Lat).avg(), "lat")
        .column_as(Expr::col(admin_unit::Column::Lon).avg(), "lon")
        .filter(admin_unit::Column::Level.eq(level.as_str()))
        .filter(admin_unit::Column::Lat.is_not_null())
        .filter(admin_unit::Column::Lon.is_not_null())
        .group_by(admin_unit::Column::ParentId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(parent, lat, lon)| Some((parent?, (lat?, lon?))))
        .collect())
}
