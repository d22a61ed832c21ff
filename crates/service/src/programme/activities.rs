//! Programme activity records: fairs and promotion events with the producers
//! (and products) that took part, training courses, support disbursed to
//! producers. Each belongs to a unit and is managed like the unit's other
//! programme records (`may_manage`), read by its officers (`may_view`), and
//! every write is audited. The plan targets `fairs`, `officials_trained` and
//! `support_funds` are computed from them.

use std::collections::HashMap;

use chrono::NaiveDate;
use ocop_domain::programme::activity::{EventInput, EventKind, SupportInput, SupportSource, TrainingInput};
use ocop_domain::role::Actor;
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::Database;
use ocop_storage::audit::{self, AuditEvent};
use ocop_storage::entities::{programme_event, programme_event_participant, programme_support, programme_training};
use ocop_storage::repo::{admin_unit_repo, producer_repo, product_repo, programme_activity_repo};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::units::containing_units;
use super::{list_scope, require_manage, require_view, unit_area};
use crate::audit_actor;
use crate::error::{ServiceError, ServiceResult};

/// The most rows a list returns.
pub const LIST_LIMIT: u64 = 500;

async fn audit_create<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    id: Uuid,
    row: &T,
) -> ServiceResult<()> {
    audit::append(
        conn,
        AuditEvent {
            actor: &audit_actor(actor),
            action,
            entity_type,
            entity_id: id.to_string(),
            before: None,
            after: Some(serde_json::to_value(row).unwrap_or_default()),
        },
    )
    .await?;
    Ok(())
}

/// A producer of the record's unit (and the product, of that producer, when given).
async fn producer_in_unit<C: ConnectionTrait>(
    conn: &C,
    unit_id: &str,
    producer_id: Uuid,
    product_id: Option<Uuid>,
) -> ServiceResult<String> {
    let producer = producer_repo::get(conn, producer_id)
        .await?
        .ok_or_else(|| ServiceError::field("producer_id", ErrorCode::UnknownProducer))?;
    if let Some(product_id) = product_id {
        let product = product_repo::get(conn, product_id)
            .await?
            .ok_or_else(|| ServiceError::field("product_id", ErrorCode::NotFound))?;
        if product.producer_id != producer_id {
            return Err(ServiceError::field("product_id", ErrorCode::InvalidChoice));
        }
    }
    let inside = containing_units(conn, std::slice::from_ref(&producer.commune_id))
        .await?
        .get(&producer.commune_id)
        .is_some_and(|units| units.contains(unit_id));
    if inside {
        Ok(producer.name)
    } else {
        Err(ServiceError::field("producer_id", ErrorCode::ProducerOutsideUnit))
    }
}

async fn unit_names<C: ConnectionTrait>(conn: &C, ids: Vec<String>) -> ServiceResult<HashMap<String, String>> {
    Ok(admin_unit_repo::get_many(conn, &ids)
        .await?
        .into_iter()
        .map(|(id, u)| (id, u.full_name))
        .collect())
}

// ------------------------------------------------------------------ events

/// A participant of an event.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ParticipantDto {
    /// Id.
    pub id: Uuid,
    /// Producer.
    pub producer_id: Uuid,
    /// Its name.
    pub producer_name: String,
    /// Product shown, if one.
    pub product_id: Option<Uuid>,
    /// Its name.
    pub product_name: Option<String>,
}

/// A fair or promotion event.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct EventDto {
    /// Id.
    pub id: Uuid,
    /// The unit whose programme records it.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    /// Kind.
    pub kind: EventKind,
    /// Name.
    pub name: String,
    /// Place.
    pub place: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Organiser.
    pub organiser: Option<String>,
    /// Notes.
    pub note: Option<String>,
    /// Producers (and products) that took part.
    pub participants: Vec<ParticipantDto>,
}

fn event_dto(row: programme_event::Model, unit_name: String, participants: Vec<ParticipantDto>) -> EventDto {
    EventDto {
        id: row.id,
        unit_id: row.unit_id,
        unit_name,
        kind: EventKind::parse(&row.kind).unwrap_or(EventKind::Promotion),
        name: row.name,
        place: row.place,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        organiser: row.organiser,
        note: row.note,
        participants,
    }
}

async fn participants<C: ConnectionTrait>(
    conn: &C,
    event_ids: &[Uuid],
) -> ServiceResult<HashMap<Uuid, Vec<ParticipantDto>>> {
    let rows = programme_activity_repo::participants_of(conn, event_ids).await?;
    let producers: HashMap<Uuid, String> =
        producer_repo::get_many(conn, &rows.iter().map(|r| r.producer_id).collect::<Vec<_>>())
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
    let products: HashMap<Uuid, String> =
        product_repo::get_many(conn, &rows.iter().filter_map(|r| r.product_id).collect::<Vec<_>>())
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
    let mut out: HashMap<Uuid, Vec<ParticipantDto>> = HashMap::new();
    for r in rows {
        out.entry(r.event_id).or_default().push(ParticipantDto {
            id: r.id,
            producer_id: r.producer_id,
            producer_name: producers.get(&r.producer_id).cloned().unwrap_or_default(),
            product_id: r.product_id,
            product_name: r.product_id.and_then(|p| products.get(&p).cloned()),
        });
    }
    Ok(out)
}

/// Records a fair or promotion event of a unit.
pub async fn create_event(db: &Database, actor: &Actor, input: &EventInput) -> ServiceResult<EventDto> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let (unit, area) = unit_area(&tx, input.unit_id.trim()).await?;
    require_manage(actor, &area)?;
    let row = programme_event::Model {
        id: Uuid::now_v7(),
        unit_id: unit.id.clone(),
        kind: draft.kind.code().to_owned(),
        name: draft.name,
        place: draft.place,
        starts_on: draft.starts_on,
        ends_on: draft.ends_on,
        organiser: draft.organiser,
        note: draft.note,
        created_by: actor.username.clone(),
        created_at: ocop_storage::now(),
    };
    programme_activity_repo::insert_event(&tx, row.clone()).await?;
    audit_create(&tx, actor, "programme_event.create", "programme_event", row.id, &row).await?;
    tx.commit().await?;
    Ok(event_dto(row, unit.full_name, Vec::new()))
}

/// One event with its participants.
pub async fn get_event(db: &Database, actor: &Actor, id: Uuid) -> ServiceResult<EventDto> {
    let row = programme_activity_repo::get_event(db.conn(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (unit, area) = unit_area(db.conn(), &row.unit_id).await?;
    require_view(actor, &area).map_err(|_| ServiceError::NotFound)?;
    let mut people = participants(db.conn(), &[id]).await?;
    Ok(event_dto(row, unit.full_name, people.remove(&id).unwrap_or_default()))
}

/// Events of the actor's area, latest first.
pub async fn list_events(db: &Database, actor: &Actor) -> ServiceResult<Vec<EventDto>> {
    let (province, commune) = list_scope(actor)?.filters();
    let rows =
        programme_activity_repo::list_events(db.conn(), province.as_deref(), commune.as_deref(), LIST_LIMIT).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut people = participants(db.conn(), &ids).await?;
    let names = unit_names(db.conn(), rows.iter().map(|r| r.unit_id.clone()).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = names.get(&r.unit_id).cloned().unwrap_or_default();
            let list = people.remove(&r.id).unwrap_or_default();
            event_dto(r, name, list)
        })
        .collect())
}

/// A producer (and optionally one of its products) that took part.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ParticipantInput {
    /// The producer (must lie in the event's unit).
    pub producer_id: String,
    /// One of its products, if one was shown.
    pub product_id: Option<String>,
}

/// Adds a participant to an event (409 when that producer and product are already listed).
pub async fn add_participant(
    db: &Database,
    actor: &Actor,
    event_id: Uuid,
    input: &ParticipantInput,
) -> ServiceResult<EventDto> {
    use ocop_domain::programme::activity::parse_id;
    let mut errors = ValidationErrors::new();
    let producer_id = parse_id(
        &mut errors,
        "producer_id",
        &input.producer_id,
        ErrorCode::UnknownProducer,
    );
    let product_id = match input.product_id.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(text) => parse_id(&mut errors, "product_id", text, ErrorCode::NotFound),
    };
    errors.into_result().map_err(ServiceError::Validation)?;
    let producer_id = producer_id.expect("checked");
    let tx = db.begin_write().await?;
    let event = programme_activity_repo::get_event(&tx, event_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (_, area) = unit_area(&tx, &event.unit_id).await?;
    require_manage(actor, &area)?;
    producer_in_unit(&tx, &event.unit_id, producer_id, product_id).await?;
    let existing = programme_activity_repo::participants_of(&tx, &[event_id]).await?;
    if existing
        .iter()
        .any(|p| p.producer_id == producer_id && p.product_id == product_id)
    {
        return Err(ServiceError::Conflict(ErrorCode::Conflict));
    }
    let row = programme_event_participant::Model {
        id: Uuid::now_v7(),
        event_id,
        producer_id,
        product_id,
        created_at: ocop_storage::now(),
    };
    programme_activity_repo::insert_participant(&tx, row.clone()).await?;
    audit_create(
        &tx,
        actor,
        "programme_event.participant",
        "programme_event",
        event_id,
        &row,
    )
    .await?;
    tx.commit().await?;
    get_event(db, actor, event_id).await
}

// --------------------------------------------------------------- trainings

/// A training course.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TrainingDto {
    /// Id.
    pub id: Uuid,
    /// The unit.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    /// Title.
    pub title: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Organiser.
    pub organiser: Option<String>,
    /// Officials trained.
    pub officials: i32,
    /// Others trained.
    pub others: i32,
    /// Notes.
    pub note: Option<String>,
}

fn training_dto(r: programme_training::Model, unit_name: String) -> TrainingDto {
    TrainingDto {
        id: r.id,
        unit_id: r.unit_id,
        unit_name,
        title: r.title,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        organiser: r.organiser,
        officials: r.officials,
        others: r.others,
        note: r.note,
    }
}

/// Records a training course of a unit.
pub async fn create_training(db: &Database, actor: &Actor, input: &TrainingInput) -> ServiceResult<TrainingDto> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let (unit, area) = unit_area(&tx, input.unit_id.trim()).await?;
    require_manage(actor, &area)?;
    let row = programme_training::Model {
        id: Uuid::now_v7(),
        unit_id: unit.id.clone(),
        title: draft.title,
        starts_on: draft.starts_on,
        ends_on: draft.ends_on,
        organiser: draft.organiser,
        officials: draft.officials,
        others: draft.others,
        note: draft.note,
        created_by: actor.username.clone(),
        created_at: ocop_storage::now(),
    };
    programme_activity_repo::insert_training(&tx, row.clone()).await?;
    audit_create(
        &tx,
        actor,
        "programme_training.create",
        "programme_training",
        row.id,
        &row,
    )
    .await?;
    tx.commit().await?;
    Ok(training_dto(row, unit.full_name))
}

/// Training courses of the actor's area, latest first.
pub async fn list_trainings(db: &Database, actor: &Actor) -> ServiceResult<Vec<TrainingDto>> {
    let (province, commune) = list_scope(actor)?.filters();
    let rows =
        programme_activity_repo::list_trainings(db.conn(), province.as_deref(), commune.as_deref(), LIST_LIMIT).await?;
    let names = unit_names(db.conn(), rows.iter().map(|r| r.unit_id.clone()).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = names.get(&r.unit_id).cloned().unwrap_or_default();
            training_dto(r, name)
        })
        .collect())
}

// ----------------------------------------------------------------- support

/// A support disbursement.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct SupportDto {
    /// Id.
    pub id: Uuid,
    /// The unit paying.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    /// Producer supported.
    pub producer_id: Uuid,
    /// Its name.
    pub producer_name: String,
    /// Product, if one.
    pub product_id: Option<Uuid>,
    /// Amount in VND.
    pub amount_vnd: i64,
    /// Source.
    pub source: SupportSource,
    /// Purpose.
    pub purpose: String,
    /// Day disbursed.
    pub disbursed_on: NaiveDate,
}

fn support_dto(r: programme_support::Model, unit_name: String, producer_name: String) -> SupportDto {
    SupportDto {
        id: r.id,
        unit_id: r.unit_id,
        unit_name,
        producer_id: r.producer_id,
        producer_name,
        product_id: r.product_id,
        amount_vnd: r.amount_vnd,
        source: SupportSource::parse(&r.source).unwrap_or(SupportSource::Other),
        purpose: r.purpose,
        disbursed_on: r.disbursed_on,
    }
}

/// Records support disbursed by a unit to one of its producers.
pub async fn create_support(db: &Database, actor: &Actor, input: &SupportInput) -> ServiceResult<SupportDto> {
    let draft = input.parse()?;
    let tx = db.begin_write().await?;
    let (unit, area) = unit_area(&tx, input.unit_id.trim()).await?;
    require_manage(actor, &area)?;
    let producer_name = producer_in_unit(&tx, &unit.id, draft.producer_id, draft.product_id).await?;
    let row = programme_support::Model {
        id: Uuid::now_v7(),
        unit_id: unit.id.clone(),
        producer_id: draft.producer_id,
        product_id: draft.product_id,
        amount_vnd: draft.amount_vnd,
        source: draft.source.code().to_owned(),
        purpose: draft.purpose,
        disbursed_on: draft.disbursed_on,
        created_by: actor.username.clone(),
        created_at: ocop_storage::now(),
    };
    programme_activity_repo::insert_support(&tx, row.clone()).await?;
    audit_create(
        &tx,
        actor,
        "programme_support.create",
        "programme_support",
        row.id,
        &row,
    )
    .await?;
    tx.commit().await?;
    Ok(support_dto(row, unit.full_name, producer_name))
}

/// Disbursements of the actor's area, latest first.
pub async fn list_supports(db: &Database, actor: &Actor) -> ServiceResult<Vec<SupportDto>> {
    let (province, commune) = list_scope(actor)?.filters();
    let rows =
        programme_activity_repo::list_supports(db.conn(), province.as_deref(), commune.as_deref(), LIST_LIMIT).await?;
    let names = unit_names(db.conn(), rows.iter().map(|r| r.unit_id.clone()).collect()).await?;
    let producers: HashMap<Uuid, String> =
        producer_repo::get_many(db.conn(), &rows.iter().map(|r| r.producer_id).collect::<Vec<_>>())
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = names.get(&r.unit_id).cloned().unwrap_or_default();
            let producer = producers.get(&r.producer_id).cloned().unwrap_or_default();
            support_dto(r, name, producer)
        })
        .collect())
}
