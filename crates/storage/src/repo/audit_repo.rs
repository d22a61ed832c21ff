//! Reading the audit trail (appending and verifying live in [`crate::audit`]).

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::Page;
use crate::entities::audit_entry;

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
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(Page { items, total })
}
