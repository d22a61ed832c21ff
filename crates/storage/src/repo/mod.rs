//! Repositories: queries and writes per table family, generic over
//! `ConnectionTrait` so they run on the pool or inside a write transaction.

pub mod admin_unit_repo;
pub mod audit_repo;
pub mod certificate_repo;
pub mod council_repo;
pub mod criteria_set_repo;
pub mod cycle_repo;
pub mod dossier_repo;
pub mod job_repo;
pub mod oversight_repo;
pub mod producer_repo;
pub mod product_repo;
pub mod product_set_repo;
pub mod programme_activity_repo;
pub mod programme_repo;
pub mod session_repo;
pub mod user_repo;

/// A page of results with the total number of matches.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// How many rows match in all.
    pub total: u64,
}

/// Inserts rows in chunks small enough for every engine's parameter limit.
pub(crate) async fn insert_chunked<E, A, C>(conn: &C, rows: Vec<A>, chunk: usize) -> Result<(), sea_orm::DbErr>
where
    E: sea_orm::EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
    C: sea_orm::ConnectionTrait,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(chunk).collect();
        E::insert_many(batch).exec_without_returning(conn).await?;
    }
    Ok(())
}

/// A requested page offset as the databases can bind it: both engines take a
/// signed 64-bit OFFSET, so a larger one (valid for the API's `u64`) is capped
/// — it is past every row either way and gives an empty page, never a panic.
pub(crate) fn offset(requested: u64) -> u64 {
    requested.min(i64::MAX as u64)
}

/// The total number of matches of a page query: known without counting when
/// the first page is not full (the common case of a narrow search), counted otherwise.
pub(crate) async fn page_total<E, C>(
    select: &sea_orm::Select<E>,
    conn: &C,
    offset: u64,
    limit: u64,
    returned: usize,
) -> Result<u64, sea_orm::DbErr>
where
    E: sea_orm::EntityTrait,
    E::Model: Sync,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::PaginatorTrait;
    if offset == 0 && (returned as u64) < limit {
        return Ok(returned as u64);
    }
    select.clone().count(conn).await
}
