//! Demo data: real published OCOP products, the products named in the seed
//! documents, and synthetic producers and products over every province, plus
//! one account per role — for `ocop serve --demo`, screenshots and load tests.
//!
//! The load is deterministic: the same [`DemoScale`] gives the same rows with
//! the same ids every time (ids are derived from stable keys, names from a
//! seeded generator). Only timestamps and the certification dates, which are
//! set relative to today so that some are expired and some expire soon, vary —
//! and the councils part (`councils`), which goes through the services: its
//! councils, batches, sheets and the 4★ certificate of the province's decision
//! that forwards a dossier to the central level get fresh ids and codes.
//!
//! Producers, certifications, products, OCOP certificates (see `certificates`),
//! dossiers, programme records (revenues, fairs, training, support, a plan and
//! tasks in Hà Tĩnh: see `programme`) and the `demo.load` audit entry are
//! written in one transaction with batched inserts; accounts are then created
//! through [`accounts::create_user`](crate::accounts::create_user).

mod accounts;
mod certificates;
mod councils;
mod dossiers;
mod generate;
mod oversight;
mod programme;
mod published;
mod rng;
mod spec;
mod store;
mod units;
mod words;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod consistency;

pub use accounts::{DemoAccount, demo_accounts};

use ocop_storage::Database;
use ocop_storage::audit::{self, AuditActor, AuditEvent};
use ocop_storage::entities::producer;
use ocop_storage::repo::user_repo;
use sea_orm::EntityTrait;

use crate::error::ServiceResult;
use generate::Plan;
use rng::Rng;
use spec::{Dataset, Identifiers};
use units::Catalog;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "ocop-demo-2026";

/// How much demo data to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoScale {
    /// About 400 producers and 900 products: `ocop serve --demo`, loads in seconds.
    Standard,
    /// At least 9,000 producers and 20,000 products covering all 3,321 communes: load tests.
    National,
}

impl DemoScale {
    /// The name used in logs and the audit trail.
    pub fn as_str(self) -> &'static str {
        match self {
            DemoScale::Standard => "standard",
            DemoScale::National => "national",
        }
    }

    fn plan(self) -> Plan {
        match self {
            DemoScale::Standard => Plan {
                producers: 400,
                products: 900,
                cover_every_commune: false,
                pre2025_percent: 10,
            },
            // 3,321 producers cover today's communes; 16 % of the other
            // ~5,900 on old communes make about 10 % of all.
            DemoScale::National => Plan {
                producers: 9_200,
                products: 20_400,
                cover_every_commune: true,
                pre2025_percent: 16,
            },
        }
    }

    fn seed(self) -> u64 {
        match self {
            DemoScale::Standard => 0x0C0F_2026_u64.wrapping_add(1),
            DemoScale::National => 0x0C0F_2026_u64.wrapping_add(2),
        }
    }
}

/// How far a load has come: `done` of `total` in `stage`
/// (`producers`, `products`, `accounts`).
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// The stage.
    pub stage: &'a str,
    /// Rows done in this stage.
    pub done: u64,
    /// Rows in this stage.
    pub total: u64,
}

/// What a load stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DemoReport {
    /// Producers stored.
    pub producers: u64,
    /// Products stored.
    pub products: u64,
    /// Certifications stored.
    pub certifications: u64,
    /// OCOP certificates stored (every state: valid, expiring, expired, revoked, superseded, suspended).
    pub certificates: u64,
    /// Evaluation dossiers stored (every state before the council, a third eligible).
    pub dossiers: u64,
    /// Accounts created (existing ones are skipped).
    pub users: u64,
}

/// True when the database has no producers yet (so `ocop serve --demo` loads only into an empty database).
pub async fn is_empty(db: &Database) -> ServiceResult<bool> {
    Ok(producer::Entity::find().one(db.conn()).await?.is_none())
}

/// Builds the whole dataset in memory.
fn build(catalog: &Catalog, scale: DemoScale) -> ServiceResult<Dataset> {
    let mut rng = Rng::new(scale.seed());
    let mut ids = Identifiers::default();
    let mut serial = 0u64;
    let today = crate::admin_units::today();
    let mut data = Dataset::default();
    published::add(&mut data, catalog, &mut ids, &mut rng, today, &mut serial)?;
    generate::add(
        &mut data,
        catalog,
        &scale.plan(),
        &mut ids,
        &mut rng,
        today,
        &mut serial,
    );
    Ok(data)
}

/// Loads the demo dataset; deterministic: the same scale gives the same rows
/// (ids included) every time. Meant for an empty database (see [`is_empty`]):
/// a second load of the same scale fails on the duplicate ids and stores nothing.
pub async fn load(
    db: &Database,
    scale: DemoScale,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> ServiceResult<DemoReport> {
    let catalog = Catalog::load(db.conn()).await?;
    let data = build(&catalog, scale)?;
    let mut missing_accounts = 0u64;
    for account in demo_accounts() {
        if user_repo::by_username(db.conn(), account.username).await?.is_none() {
            missing_accounts += 1;
        }
    }
    let tx = db.begin_write().await?;
    let (producers, certifications) = store::producers(&tx, &data.producers, progress).await?;
    let products = store::products(&tx, &data.products, progress).await?;
    let certificates = certificates::store(&tx, &data.products, crate::admin_units::today(), progress).await?;
    let dossiers = dossiers::store(&tx, &data.products, crate::admin_units::today()).await?;
    let programme = programme::store(&tx, crate::admin_units::today()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &AuditActor::system("demo"),
            action: "demo.load",
            entity_type: "demo",
            entity_id: scale.as_str().to_owned(),
            before: None,
            after: Some(serde_json::json!({
                "scale": scale.as_str(),
                "producers": producers,
                "products": products,
                "certifications": certifications,
                "certificates": certificates,
                "dossiers": dossiers,
                "revenues": programme.revenues,
                "programme_activities": programme.activities,
                "users": missing_accounts,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    let users = accounts::create(db, progress).await?;
    let scheduled = councils::create(db, crate::admin_units::today()).await?;
    let inspections = oversight::create(db, crate::admin_units::today()).await?;
    tracing::info!(inspections, "demo oversight ready");
    db.analyze().await?;
    tracing::info!(scheduled, "demo council and batch ready");
    tracing::info!(
        scale = scale.as_str(),
        producers,
        products,
        certifications,
        certificates,
        dossiers,
        users,
        "demo data loaded"
    );
    Ok(DemoReport {
        producers,
        products,
        certifications,
        certificates,
        dossiers,
        users,
    })
}
