//! Which units a recorded commune lies in, across the 2025 reform: the
//! commune itself, its district and province as recorded, today's units it
//! went into, and — for a record made with today's units — the old communes,
//! districts and provinces it came from. A plan of a pre-2025 district counts
//! records made with today's communes, and a plan of today's province counts
//! records made with old communes.

use std::collections::{HashMap, HashSet};

use ocop_storage::entities::{admin_unit, admin_unit_link};
use ocop_storage::repo::admin_unit_repo;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::ServiceResult;

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
    let mut parents: HashMap<String, Option<String>> = HashMap::new();
    let mut frontier: Vec<String> = ids.iter().cloned().collect();
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
    let ancestors = |id: &str, into: &mut HashSet<String>| {
        let mut at = Some(id.to_owned());
        while let Some(unit) = at {
            if !into.insert(unit.clone()) {
                break;
            }
            at = parents.get(&unit).cloned().flatten();
        }
    };
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
        ancestors(commune, &mut set);
        for row in current.get(commune).into_iter().flatten() {
            ancestors(&row.current_id, &mut set);
        }
        for old in predecessors.get(commune.as_str()).into_iter().flatten() {
            ancestors(old, &mut set);
        }
        out.insert(commune.clone(), set);
    }
    Ok(out)
}
