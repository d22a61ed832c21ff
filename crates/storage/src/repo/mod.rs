//! Repositories: queries and writes per table family, generic over
//! `ConnectionTrait` so they run on the pool or inside a write transaction.

pub mod admin_unit_repo;
pub mod criteria_set_repo;
pub mod producer_repo;
pub mod product_repo;
pub mod product_set_repo;
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
