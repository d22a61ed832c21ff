//! Reading the audit trail (appending and verifying live in [`crate::audit`]).

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use uuid::Uuid;

use super::Page;
use super::admin_unit_repo::unit_in_current_province;
use crate::entities::{audit_entry, certificate, producer, product};

/// Which entries to list; every filter is optional and they combine with AND.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Exact action, e.g. `producer.create`.
    pub action: Option<String>,
    /// Exact entity type, e.g. `producer`.
    pub entity_type: Option<String>,
    /// Exact actor login name (or `system:cli`).
    pub actor_name: Option<String>,
    /// Entries at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Entries strictly before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only entries about these records or by these accounts (a province officer's view).
    pub within: Option<AuditArea>,
}

/// The records and accounts whose entries a province officer reads.
#[derive(Debug, Clone, Default)]
pub struct AuditArea {
    /// Record ids (producers, products, certificates) as stored in `entity_id`.
    pub entity_ids: Vec<String>,
    /// Accounts whose own actions are included.
    pub actor_ids: Vec<Uuid>,
}

/// The producers, products and certificates lying today in a province (ids as the trail
/// stores them), plus the given accounts.
pub async fn province_area<C: ConnectionTrait>(
    conn: &C,
    province_code: &str,
    actor_ids: Vec<Uuid>,
) -> Result<AuditArea, DbErr> {
    let producers: Vec<Uuid> = producer::Entity::find()
        .select_only()
        .column(producer::Column::Id)
        .filter(unit_in_current_province(producer::Column::CommuneId, province_code))
        .into_tuple()
        .all(conn)
        .await?;
    let products: Vec<Uuid> = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .filter(unit_in_current_province(product::Column::CommuneId, province_code))
        .into_tuple()
        .all(conn)
        .await?;
    let certificates: Vec<Uuid> = certificate::Entity::find()
        .select_only()
        .column(certificate::Column::Id)
        .filter(certificate::Column::ProvinceCode.eq(province_code))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(AuditArea {
        entity_ids: producers
            .iter()
            .chain(&products)
            .chain(&certificates)
            .map(Uuid::to_string)
            .collect(),
        actor_ids,
    })
}

fn condition(filter: &AuditFilter) -> Condition {
    let mut cond = Condition::all();
    if let Some(action) = &filter.action {
        cond = cond.add(audit_entry::Column::Action.eq(action.clone()));
    }
    if let Some(entity_type) = &filter.entity_type {
        cond = cond.add(audit_entry::Column::EntityType.eq(entity_type.clone()));
    }
    if let Some(actor) = &filter.actor_name {
        cond = cond.add(audit_entry::Column::ActorName.eq(actor.clone()));
    }
    if let Some(from) = filter.from {
        cond = cond.add(audit_entry::Column::At.gte(from));
    }
    if let Some(until) = filter.until {
        cond = cond.add(audit_entry::Column::At.lt(until));
    }
    if let Some(area) = &filter.within {
        let mut any = Condition::any();
        // Chunks keep each IN list under the databases' parameter limits.
        for ids in area.entity_ids.chunks(5_000) {
            any = any.add(audit_entry::Column::EntityId.is_in(ids.iter().cloned()));
        }
        if !area.actor_ids.is_empty() {
            any = any.add(audit_entry::Column::ActorId.is_in(area.actor_ids.iter().copied()));
        }
        if area.entity_ids.is_empty() && area.actor_ids.is_empty() {
            any = any.add(audit_entry::Column::Seq.lt(0));
        }
        cond = cond.add(any);
    }
    cond
}

/// A page of entries, newest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    filter: &AuditFilter,
    offset: u64,
    limit: u64,
) -> Result<Page<audit_entry::Model>, DbErr> {
    let select = audit_entry::Entity::find().filter(condition(filter));
    let total = select.clone().count(conn).await?;
    let items = select
        .order_by_desc(audit_entry::Column::Seq)
        .offset(super::offset(offset))
        .limit(limit)
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

/// The last recorded row state of each record of `entity_type`: entity id → (seq, state
/// digest) of its newest entry that carries a `state_digest`. Read in pages of 5,000.
pub async fn recorded_states<C: ConnectionTrait>(
    conn: &C,
    entity_type: &str,
) -> Result<std::collections::HashMap<String, (i64, String)>, DbErr> {
    let mut states = std::collections::HashMap::new();
    let mut after = 0i64;
    loop {
        let page: Vec<(i64, String, Option<String>)> = audit_entry::Entity::find()
            .select_only()
            .column(audit_entry::Column::Seq)
            .column(audit_entry::Column::EntityId)
            .column(audit_entry::Column::StateDigest)
            .filter(audit_entry::Column::EntityType.eq(entity_type))
            .filter(audit_entry::Column::StateDigest.is_not_null())
            .filter(audit_entry::Column::Seq.gt(after))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(5_000)
            .into_tuple()
            .all(conn)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.0;
        for (seq, id, digest) in page {
            if let Some(digest) = digest {
                states.insert(id, (seq, digest));
            }
        }
    }
    Ok(states)
}
