//! Loads the shipped reference data: administrative units before and since
//! 01/07/2025 with the conversion between them, and the product sets.

use sea_orm::{EntityTrait, IntoActiveModel};
use sea_orm_migration::prelude::*;

use crate::entities::product_set;
use crate::reference::{admin_units, product_sets};
use crate::repo::admin_unit_repo;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_reference_data"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        let shipped = admin_units::shipped().map_err(|e| DbErr::Migration(format!("admin units: {e}")))?;
        admin_unit_repo::insert_units(conn, shipped.units, shipped.links).await?;
        admin_unit_repo::rebuild_current(conn).await?;
        let sets = product_sets::shipped().map_err(|e| DbErr::Migration(format!("product sets: {e}")))?;
        product_set::Entity::insert_many(sets.into_iter().map(IntoActiveModel::into_active_model))
            .exec_without_returning(conn)
            .await?;
        Ok(())
    }
}
