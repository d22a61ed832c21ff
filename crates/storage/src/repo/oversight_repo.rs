//! Oversight: inspection plans, inspections, findings, cases and their notes (migration
//! m0021_oversight). Updates are optimistic: they apply only to the row version read.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use crate::entities::{
    admin_unit_current, inspection, inspection_finding, inspection_plan, oversight_case, oversight_case_note,
};

macro_rules! crud {
    ($module:ident, $insert:ident, $get:ident, $update:ident) => {
        /// Inserts a row.
        pub async fn $insert<C: ConnectionTrait>(conn: &C, row: $module::Model) -> Result<(), DbErr> {
            row.into_active_model().insert(conn).await.map(|_| ())
        }

        /// A row by id.
        pub async fn $get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<$module::Model>, DbErr> {
            $module::Entity::find_by_id(id).one(conn).await
        }

        /// Writes a row back if it is still at `expected_version`; false when it changed meanwhile.
        pub async fn $update<C: ConnectionTrait>(
            conn: &C,
            model: $module::Model,
            expected_version: i32,
        ) -> Result<bool, DbErr> {
            let id = model.id;
            let mut active = model.into_active_model().reset_all();
            active.id = sea_orm::ActiveValue::Unchanged(id);
            let result = $module::Entity::update_many()
                .set(active)
                .filter($module::Column::Id.eq(id))
                .filter($module::Column::RowVersion.eq(expected_version))
                .exec(conn)
                .await?;
            Ok(result.rows_affected == 1)
        }
    };
}

crud!(inspection_plan, insert_plan, get_plan, update_plan);
crud!(inspection, insert_inspection, get_inspection, update_inspection);
crud!(inspection_finding, insert_finding, get_finding, update_finding);
crud!(oversight_case, insert_case, get_case, update_case);

/// The units lying today in a province.
fn units_in_province(province_code: &str) -> SelectStatement {
    Query::select()
        .column(admin_unit_current::Column::UnitId)
        .from(admin_unit_current::Entity)
        .and_where(Expr::col(admin_unit_current::Column::CurrentProvinceCode).eq(province_code))
        .to_owned()
}

/// The plan of a unit for a year, if any.
pub async fn plan_of<C: ConnectionTrait>(
    conn: &C,
    unit_id: &str,
    year: i32,
) -> Result<Option<inspection_plan::Model>, DbErr> {
    inspection_plan::Entity::find()
        .filter(inspection_plan::Column::UnitId.eq(unit_id))
        .filter(inspection_plan::Column::Year.eq(year))
        .one(conn)
        .await
}

/// Plans of a year (every year when `None`) of the units lying in a province today (every
/// unit when `None`), newest year first.
pub async fn list_plans<C: ConnectionTrait>(
    conn: &C,
    province_code: Option<&str>,
    year: Option<i32>,
) -> Result<Vec<inspection_plan::Model>, DbErr> {
    let mut select = inspection_plan::Entity::find();
    if let Some(province) = province_code {
        select = select.filter(inspection_plan::Column::UnitId.in_subquery(units_in_province(province)));
    }
    if let Some(year) = year {
        select = select.filter(inspection_plan::Column::Year.eq(year));
    }
    select
        .order_by_desc(inspection_plan::Column::Year)
        .order_by_asc(inspection_plan::Column::UnitId)
        .all(conn)
        .await
}

/// Inspections of a plan, by planned day.
pub async fn inspections_of_plan<C: ConnectionTrait>(conn: &C, plan_id: Uuid) -> Result<Vec<inspection::Model>, DbErr> {
    inspection::Entity::find()
        .filter(inspection::Column::PlanId.eq(plan_id))
        .order_by_asc(inspection::Column::PlannedOn)
        .all(conn)
        .await
}

/// Which rows a listing covers: a province's (and, for cases, none for the central level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area<'a> {
    /// Every row.
    National,
    /// Rows of one province (today's code).
    Province(&'a str),
    /// Rows about one producer's products.
    Producer(Uuid),
}

/// Inspections in an area with one of `statuses` (every status when empty), by planned day.
pub async fn list_inspections<C: ConnectionTrait>(
    conn: &C,
    area: Area<'_>,
    statuses: &[&str],
) -> Result<Vec<inspection::Model>, DbErr> {
    let mut select = inspection::Entity::find();
    match area {
        Area::National => {}
        Area::Province(p) => select = select.filter(inspection::Column::ProvinceCode.eq(p)),
        Area::Producer(id) => select = select.filter(inspection::Column::ProducerId.eq(id)),
    }
    if !statuses.is_empty() {
        select = select.filter(inspection::Column::Status.is_in(statuses.iter().copied()));
    }
    select
        .order_by_asc(inspection::Column::PlannedOn)
        .order_by_asc(inspection::Column::Id)
        .all(conn)
        .await
}

/// Findings of an inspection, oldest first.
pub async fn findings_of<C: ConnectionTrait>(
    conn: &C,
    inspection_id: Uuid,
) -> Result<Vec<inspection_finding::Model>, DbErr> {
    inspection_finding::Entity::find()
        .filter(inspection_finding::Column::InspectionId.eq(inspection_id))
        .order_by_asc(inspection_finding::Column::CreatedAt)
        .order_by_asc(inspection_finding::Column::Id)
        .all(conn)
        .await
}

/// Findings in an area with one of `statuses` (every status when empty) and, when given, a last
/// day to remedy before `due_before`; by last day.
pub async fn list_findings<C: ConnectionTrait>(
    conn: &C,
    area: Area<'_>,
    statuses: &[&str],
    due_before: Option<NaiveDate>,
) -> Result<Vec<inspection_finding::Model>, DbErr> {
    let mut select = inspection_finding::Entity::find();
    match area {
        Area::National => {}
        Area::Province(p) => select = select.filter(inspection_finding::Column::ProvinceCode.eq(p)),
        Area::Producer(id) => select = select.filter(inspection_finding::Column::ProducerId.eq(id)),
    }
    if !statuses.is_empty() {
        select = select.filter(inspection_finding::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(day) = due_before {
        select = select.filter(inspection_finding::Column::DueOn.lt(day));
    }
    select
        .order_by_asc(inspection_finding::Column::DueOn)
        .order_by_asc(inspection_finding::Column::Id)
        .all(conn)
        .await
}

/// Cases in an area (a province sees its own; `National` every case, central ones included)
/// with one of `statuses` (every status when empty), oldest first.
pub async fn list_cases<C: ConnectionTrait>(
    conn: &C,
    area: Area<'_>,
    statuses: &[&str],
) -> Result<Vec<oversight_case::Model>, DbErr> {
    let mut select = oversight_case::Entity::find();
    match area {
        Area::National => {}
        Area::Province(p) => select = select.filter(oversight_case::Column::ProvinceCode.eq(p)),
        // Producers never see cases.
        Area::Producer(_) => select = select.filter(Condition::all().add(Expr::val(1).eq(0))),
    }
    if !statuses.is_empty() {
        select = select.filter(oversight_case::Column::Status.is_in(statuses.iter().copied()));
    }
    select
        .order_by_asc(oversight_case::Column::OpenedAt)
        .order_by_asc(oversight_case::Column::Id)
        .all(conn)
        .await
}

/// The open case a fake report already opened, if any (reports are not opened twice).
pub async fn case_of_report<C: ConnectionTrait>(
    conn: &C,
    report_id: Uuid,
) -> Result<Option<oversight_case::Model>, DbErr> {
    oversight_case::Entity::find()
        .filter(oversight_case::Column::ReportId.eq(report_id))
        .one(conn)
        .await
}

/// Inserts a note on a case.
pub async fn insert_note<C: ConnectionTrait>(conn: &C, row: oversight_case_note::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(conn).await.map(|_| ())
}

/// Notes of a case, oldest first.
pub async fn notes_of<C: ConnectionTrait>(conn: &C, case_id: Uuid) -> Result<Vec<oversight_case_note::Model>, DbErr> {
    oversight_case_note::Entity::find()
        .filter(oversight_case_note::Column::CaseId.eq(case_id))
        .order_by_asc(oversight_case_note::Column::CreatedAt)
        .order_by_asc(oversight_case_note::Column::Id)
        .all(conn)
        .await
}
