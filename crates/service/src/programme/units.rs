//! Which units a recorded commune lies in, across the 2025 reform: the
//! commune itself, its district and province as recorded, today's units it
//! went into, and — for a record made with today's units — the old communes,
//! districts and provinces it came from. A plan of a pre-2025 district counts
//! records made with today's communes, and a plan of today's province counts
//! records made with old communes.
//!
//! Records of a larger unit (a training course of a district or a province)
//! lie in that unit, the units above it, and today's province when the whole
//! unit went into one (never in a single commune).

use std::collections::{HashMap, HashSet};

use ocop_storage::entities::{admin_unit, admin_unit_current, admin_unit_link};
use ocop_storage::repo::admin_unit_repo;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::ServiceResult;

/// Parent of every unit in `ids` and of every unit above them.
async fn parent_map<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = String>,
) -> ServiceResult<HashMap<String, Option<String>>> {
    let mut parents: HashMap<String, Option<String>> = HashMap::new();
    let mut frontier: Vec<String> = ids.into_iter().collect::<HashSet<_>>().into_iter().collect();
    while !frontier.is_empty() {
        let rows: HashMap<String, admin_unit::Model> = admin_unit_repo::get_many(conn, &frontier).await?;
        let mut next = Vec::new();
        for id in &frontier {
            let parent = rows.get(id).and_then(|u| u.parent_id.clone());
            if let Some(p) = &parent
                && !parents.contains_key(p)
            {
                next.push(p.clone());
            }
            parents.insert(id.clone(), parent);
        }
        next.sort();
        next.dedup();
        frontier = next;
    }
    Ok(parents)
}

/// Adds `id` and every unit above it to `into`.
fn ancestors(id: &str, parents: &HashMap<String, Option<String>>, into: &mut HashSet<String>) {
    let mut at = Some(id.to_owned());
    while let Some(unit) = at {
        if !into.insert(unit.clone()) {
            break;
        }
        at = parents.get(&unit).cloned().flatten();
    }
}

/// The level segment of a unit id (`2025/commune/18673` → `commune`).
pub fn level_of(unit_id: &str) -> &str {
    unit_id.split('/').nth(1).unwrap_or_default()
}

/// Every unit id (both lists, every level) each of `commune_ids` lies in.
pub async fn containing_units<C: ConnectionTrait>(
    conn: &C,
    commune_ids: &[String],
) -> ServiceResult<HashMap<String, HashSet<String>>> {
    let wanted: Vec<String> = commune_ids
        .iter()
        .cloned()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let current = admin_unit_repo::current_of_many(conn, &wanted).await?;
    let mut links: Vec<admin_unit_link::Model> = Vec::new();
    for chunk in wanted.chunks(500) {
        links.extend(
            admin_unit_link::Entity::find()
                .filter(admin_unit_link::Column::ToId.is_in(chunk.iter().cloned()))
                .all(conn)
                .await?,
        );
    }
    // The units whose parents we need: the communes, today's units and the predecessors.
    let mut ids: HashSet<String> = wanted.iter().cloned().collect();
    for rows in current.values() {
        ids.extend(rows.iter().map(|r| r.current_id.clone()));
    }
    ids.extend(links.iter().map(|l| l.from_id.clone()));
    let parents = parent_map(conn, ids).await?;
    let mut predecessors: HashMap<&str, Vec<&str>> = HashMap::new();
    for link in &links {
        predecessors
            .entry(link.to_id.as_str())
            .or_default()
            .push(link.from_id.as_str());
    }
    let mut out = HashMap::new();
    for commune in &wanted {
        let mut set = HashSet::new();
        ancestors(commune, &parents, &mut set);
        for row in current.get(commune).into_iter().flatten() {
            ancestors(&row.current_id, &parents, &mut set);
        }
        for old in predecessors.get(commune.as_str()).into_iter().flatten() {
            ancestors(old, &parents, &mut set);
        }
        out.insert(commune.clone(), set);
    }
    Ok(out)
}

/// Every unit (both lists, any level) that lies in `unit_id` in the sense of
/// [`containing_units`], computed downward in a handful of queries: the unit and the
/// units below it in its own list, the units whose today's units are among those, and
/// today's units that one of those went into. `members_of(u).contains(c)` exactly when
/// `containing_units([c])[c]` contains `u`, for every recorded commune `c`; a report or
/// dashboard of one unit filters its records with it instead of placing every record
/// of the country.
pub async fn members_of<C: ConnectionTrait>(conn: &C, unit_id: &str) -> ServiceResult<HashSet<String>> {
    let mut below: HashSet<String> = HashSet::from([unit_id.to_owned()]);
    let mut frontier = vec![unit_id.to_owned()];
    while !frontier.is_empty() {
        frontier = admin_unit_repo::child_ids(conn, &frontier)
            .await?
            .into_iter()
            .filter(|id| below.insert(id.clone()))
            .collect();
    }
    let below_ids: Vec<String> = below.iter().cloned().collect();
    let mut members = below;
    // A record of an old unit whose today's unit lies in the unit (a 2025 province
    // holds the pre-2025 communes that went into it).
    members.extend(admin_unit_repo::covered_by(conn, &below_ids).await?);
    // A record of today's unit made out of a unit inside (a pre-2025 district holds the
    // 2025 communes its communes went into).
    members.extend(admin_unit_repo::successor_ids(conn, &below_ids).await?);
    Ok(members)
}

/// Every unit id each record unit of any level lies in: communes as
/// [`containing_units`]; a district or province itself, the units above it,
/// and today's province when all of it went into one.
pub async fn record_units<C: ConnectionTrait>(
    conn: &C,
    unit_ids: &[String],
) -> ServiceResult<HashMap<String, HashSet<String>>> {
    let (communes, others): (Vec<String>, Vec<String>) = unit_ids
        .iter()
        .cloned()
        .collect::<HashSet<_>>()
        .into_iter()
        .partition(|id| level_of(id) == "commune");
    let mut out = containing_units(conn, &communes).await?;
    if others.is_empty() {
        return Ok(out);
    }
    let current = admin_unit_repo::current_of_many(conn, &others).await?;
    let mut ids: Vec<String> = others.clone();
    for rows in current.values() {
        ids.extend(rows.iter().map(|r| r.current_id.clone()));
    }
    let parents = parent_map(conn, ids).await?;
    for unit in others {
        let mut set = HashSet::new();
        ancestors(&unit, &parents, &mut set);
        let provinces: HashSet<String> = current
            .get(&unit)
            .into_iter()
            .flatten()
            .filter_map(|row| today_province(row, &parents))
            .collect();
        if provinces.len() == 1 {
            let province = provinces.into_iter().next().expect("one province");
            ancestors(&province, &parents, &mut set);
        }
        out.insert(unit, set);
    }
    Ok(out)
}

/// Today's province of a row of `admin_unit_current`: the unit itself when
/// it is a province, a commune's parent otherwise.
fn today_province(row: &admin_unit_current::Model, parents: &HashMap<String, Option<String>>) -> Option<String> {
    if row.current_level == "province" {
        Some(row.current_id.clone())
    } else {
        parents.get(&row.current_id).cloned().flatten()
    }
}

/// Where a recorded commune is shown in a report: as recorded (the commune
/// and its province in the list it was recorded with) and today (the first
/// of today's communes it went into, by id, and that commune's province).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// The commune as recorded.
    pub recorded_commune: String,
    /// Its province as recorded.
    pub recorded_province: String,
    /// Today's commune.
    pub current_commune: String,
    /// Today's province.
    pub current_province: String,
    /// Today's commune code (5 digits).
    pub current_commune_code: String,
}

/// The placements of many recorded communes.
pub async fn placements<C: ConnectionTrait>(
    conn: &C,
    commune_ids: &[String],
) -> ServiceResult<HashMap<String, Placement>> {
    let wanted: Vec<String> = commune_ids
        .iter()
        .cloned()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let current = admin_unit_repo::current_of_many(conn, &wanted).await?;
    let mut ids: Vec<String> = wanted.clone();
    for rows in current.values() {
        ids.extend(rows.iter().map(|r| r.current_id.clone()));
    }
    let parents = parent_map(conn, ids).await?;
    let province_above = |id: &str| {
        let mut chain = HashSet::new();
        ancestors(id, &parents, &mut chain);
        chain
            .into_iter()
            .find(|u| level_of(u) == "province")
            .unwrap_or_default()
    };
    let mut out = HashMap::new();
    for commune in wanted {
        let mut today: Vec<&admin_unit_current::Model> = current
            .get(&commune)
            .into_iter()
            .flatten()
            .filter(|r| r.current_level == "commune")
            .collect();
        today.sort_by(|a, b| a.current_id.cmp(&b.current_id));
        let (current_commune, current_commune_code) = today
            .first()
            .map(|r| (r.current_id.clone(), r.current_code.clone()))
            .unwrap_or_else(|| {
                (
                    commune.clone(),
                    commune.rsplit('/').next().unwrap_or_default().to_owned(),
                )
            });
        out.insert(
            commune.clone(),
            Placement {
                recorded_province: province_above(&commune),
                current_province: province_above(&current_commune),
                recorded_commune: commune,
                current_commune,
                current_commune_code,
            },
        );
    }
    Ok(out)
}
