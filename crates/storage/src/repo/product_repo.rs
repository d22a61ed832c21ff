//! Products and their photos.

use ocop_domain::text::folded_words;
use sea_orm::sea_query::{Condition, Expr, Query, SelectStatement, UnionType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::admin_unit_repo::{folded_like, unit_in_current_commune, unit_in_current_province};
use super::{Page, page_total};
use crate::entities::{product, product_amendment, product_photo, product_word};

/// Filters for the product list.
#[derive(Debug, Clone, Default)]
pub struct ProductQuery {
    /// Folded search terms over name, producer and places: each must begin a word of the
    /// product's search text (see [`words_condition`]).
    pub terms: Vec<String>,
    /// Today's province code.
    pub province_code: Option<String>,
    /// Today's commune code.
    pub commune_code: Option<String>,
    /// Product set code.
    pub product_set_code: Option<String>,
    /// Owner.
    pub producer_id: Option<Uuid>,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return.
    pub limit: u64,
}

/// The filter of a product query, usable in a subquery over `product`.
pub fn condition(query: &ProductQuery) -> Condition {
    let mut condition = words_condition(&query.terms);
    if let Some(province) = &query.province_code {
        condition = condition.add(unit_in_current_province(product::Column::CommuneId, province));
    }
    if let Some(commune) = &query.commune_code {
        condition = condition.add(unit_in_current_commune(product::Column::CommuneId, commune));
    }
    if let Some(set) = &query.product_set_code {
        condition = condition.add(product::Column::ProductSetCode.eq(set.clone()));
    }
    if let Some(producer) = query.producer_id {
        condition = condition.add(product::Column::ProducerId.eq(producer));
    }
    condition
}

/// Products whose search text has, for every folded term, a word the term begins
/// ("cam xuy" finds "Cẩm Xuyên"; "uyen" does not). A term with punctuation
/// ("i.4.a") needs each of its words. Two-letter and longer words are looked up in
/// `product_word` by their first two letters, then `LIKE 'term%'`; a one-letter word
/// is matched as a substring of the search text (it matches nearly everything anyway).
pub fn words_condition(terms: &[String]) -> Condition {
    let mut condition = Condition::all();
    let mut products_with_every_word: Option<SelectStatement> = None;
    for term in terms {
        let words: Vec<String> = folded_words(term).into_iter().collect();
        if words.is_empty() {
            // Only punctuation: as before, a literal substring.
            condition = condition.add(folded_like(product::Column::SearchFolded, std::slice::from_ref(term)));
            continue;
        }
        for word in words {
            if word.chars().count() < 2 {
                condition = condition.add(folded_like(product::Column::SearchFolded, &[word]));
                continue;
            }
            let products_with_word = Query::select()
                .column(product_word::Column::ProductId)
                .from(product_word::Entity)
                .and_where(product_word::Column::Head.eq(head(&word)))
                .and_where(product_word::Column::Word.like(format!("{word}%")))
                .to_owned();
            match products_with_every_word.as_mut() {
                // One INTERSECT of the words' product sets, not one `IN` per word: PostgreSQL
                // ran a per-word `IN` as a nested loop over the first word's products.
                Some(every) => {
                    every.union(UnionType::Intersect, products_with_word);
                }
                None => products_with_every_word = Some(products_with_word),
            }
        }
    }
    if let Some(every) = products_with_every_word {
        condition = condition.add(product::Column::Id.in_subquery(every));
    }
    condition
}

/// The first two characters of a word (the word when shorter).
fn head(word: &str) -> String {
    word.chars().take(2).collect()
}

fn word_rows(product_id: uuid::Uuid, search_folded: &str) -> Vec<product_word::ActiveModel> {
    folded_words(search_folded)
        .into_iter()
        .map(|word| {
            product_word::Model {
                head: head(&word),
                word,
                product_id,
            }
            .into_active_model()
        })
        .collect()
}

/// Rewrites the words of one product from its folded search text (same transaction
/// as the product's write).
async fn reindex<C: ConnectionTrait>(conn: &C, product_id: Uuid, search_folded: &str) -> Result<(), DbErr> {
    product_word::Entity::delete_many()
        .filter(product_word::Column::ProductId.eq(product_id))
        .exec(conn)
        .await?;
    super::insert_chunked(conn, word_rows(product_id, search_folded), 300).await
}

/// Rebuilds the words of every product (the migration that created the index, and a
/// repair after rows were written behind the repository's back).
pub async fn reindex_all<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    product_word::Entity::delete_many().exec(conn).await?;
    let texts: Vec<(Uuid, String)> = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .column(product::Column::SearchFolded)
        .into_tuple()
        .all(conn)
        .await?;
    let rows: Vec<product_word::ActiveModel> = texts.iter().flat_map(|(id, text)| word_rows(*id, text)).collect();
    super::insert_chunked(conn, rows, 300).await
}

/// How many products hold each of `words` (exact words; the ones no product holds
/// are left out). The typo fallback of the catalogue asks it for the neighbours of
/// a word that found nothing.
pub async fn word_counts<C: ConnectionTrait>(conn: &C, words: &[String]) -> Result<Vec<(String, u32)>, DbErr> {
    let mut counts = Vec::new();
    for chunk in words.chunks(500) {
        let rows: Vec<(String, i64)> = product_word::Entity::find()
            .select_only()
            .column(product_word::Column::Word)
            .column_as(product_word::Column::ProductId.count(), "count")
            .filter(product_word::Column::Word.is_in(chunk.to_vec()))
            .group_by(product_word::Column::Word)
            .into_tuple()
            .all(conn)
            .await?;
        counts.extend(rows.into_iter().map(|(w, n)| (w, u32::try_from(n).unwrap_or(u32::MAX))));
    }
    Ok(counts)
}

/// Whether some product has a word that `term` begins.
pub async fn begins_a_word<C: ConnectionTrait>(conn: &C, term: &str) -> Result<bool, DbErr> {
    Ok(product_word::Entity::find()
        .filter(product_word::Column::Head.eq(head(term)))
        .filter(product_word::Column::Word.like(format!("{term}%")))
        .limit(1)
        .count(conn)
        .await?
        > 0)
}

/// Lists products in Vietnamese name order.
pub async fn list<C: ConnectionTrait>(conn: &C, query: &ProductQuery) -> Result<Page<product::Model>, DbErr> {
    let select = product::Entity::find().filter(condition(query));
    let items = select
        .clone()
        .order_by_asc(product::Column::SortKey)
        .order_by_asc(product::Column::Id)
        .offset(super::offset(query.offset))
        .limit(query.limit)
        .all(conn)
        .await?;
    let total = page_total(&select, conn, query.offset, query.limit, items.len()).await?;
    Ok(Page { items, total })
}

/// One product.
pub async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<product::Model>, DbErr> {
    product::Entity::find_by_id(id).one(conn).await
}

/// Many products by id.
pub async fn get_many<C: ConnectionTrait>(conn: &C, ids: &[Uuid]) -> Result<Vec<product::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut rows = Vec::with_capacity(unique.len());
    for chunk in unique.chunks(500) {
        rows.extend(
            product::Entity::find()
                .filter(product::Column::Id.is_in(chunk.to_vec()))
                .all(conn)
                .await?,
        );
    }
    Ok(rows)
}

/// Products of a producer.
pub async fn of_producer<C: ConnectionTrait>(conn: &C, producer_id: Uuid) -> Result<Vec<product::Model>, DbErr> {
    product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer_id))
        .order_by_asc(product::Column::SortKey)
        .all(conn)
        .await
}

/// The product carrying a GTIN, if any.
pub async fn find_by_gtin<C: ConnectionTrait>(conn: &C, gtin: &str) -> Result<Option<product::Model>, DbErr> {
    product::Entity::find()
        .filter(product::Column::Gtin.eq(gtin))
        .one(conn)
        .await
}

/// Stores a new product.
pub async fn insert<C: ConnectionTrait>(conn: &C, model: product::Model) -> Result<(), DbErr> {
    let (id, text) = (model.id, model.search_folded.clone());
    product::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await?;
    reindex(conn, id, &text).await
}

/// Stores many products.
pub async fn insert_many<C: ConnectionTrait>(conn: &C, models: Vec<product::Model>) -> Result<(), DbErr> {
    let words: Vec<product_word::ActiveModel> = models.iter().flat_map(|m| word_rows(m.id, &m.search_folded)).collect();
    super::insert_chunked(
        conn,
        models.into_iter().map(IntoActiveModel::into_active_model).collect(),
        200,
    )
    .await?;
    super::insert_chunked(conn, words, 300).await
}

/// Replaces a product when its row version is still `expected_version`.
pub async fn update<C: ConnectionTrait>(conn: &C, model: product::Model, expected_version: i32) -> Result<bool, DbErr> {
    let (id, text) = (model.id, model.search_folded.clone());
    let mut active = model.into_active_model().reset_all();
    active.id = sea_orm::ActiveValue::Unchanged(id);
    let result = product::Entity::update_many()
        .set(active)
        .filter(product::Column::Id.eq(id))
        .filter(product::Column::RowVersion.eq(expected_version))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Ok(false);
    }
    reindex(conn, id, &text).await?;
    Ok(true)
}

/// Sets the folded search text of one product.
pub async fn set_search_text<C: ConnectionTrait>(conn: &C, id: Uuid, search_folded: &str) -> Result<(), DbErr> {
    product::Entity::update_many()
        .col_expr(product::Column::SearchFolded, Expr::value(search_folded))
        .filter(product::Column::Id.eq(id))
        .exec(conn)
        .await?;
    reindex(conn, id, search_folded).await
}

/// The photos of a product, oldest first.
pub async fn photos<C: ConnectionTrait>(conn: &C, product_id: Uuid) -> Result<Vec<product_photo::Model>, DbErr> {
    product_photo::Entity::find()
        .filter(product_photo::Column::ProductId.eq(product_id))
        .order_by_asc(product_photo::Column::CreatedAt)
        .all(conn)
        .await
}

/// One photo.
pub async fn photo<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<product_photo::Model>, DbErr> {
    product_photo::Entity::find_by_id(id).one(conn).await
}

/// Stores a photo record (the file itself is written by the service first).
pub async fn insert_photo<C: ConnectionTrait>(conn: &C, model: product_photo::Model) -> Result<(), DbErr> {
    product_photo::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Stores an officer's amendment of a product's certified facts.
pub async fn insert_amendment<C: ConnectionTrait>(conn: &C, model: product_amendment::Model) -> Result<(), DbErr> {
    product_amendment::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// A product's amendments, oldest first.
pub async fn amendments<C: ConnectionTrait>(
    conn: &C,
    product_id: Uuid,
) -> Result<Vec<product_amendment::Model>, DbErr> {
    product_amendment::Entity::find()
        .filter(product_amendment::Column::ProductId.eq(product_id))
        .order_by_asc(product_amendment::Column::AmendedAt)
        .order_by_asc(product_amendment::Column::Id)
        .all(conn)
        .await
}

/// How many products a producer has.
pub async fn count_of_producer<C: ConnectionTrait>(conn: &C, producer_id: Uuid) -> Result<u64, DbErr> {
    product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer_id))
        .count(conn)
        .await
}

/// A product's points of sale, oldest first.
pub async fn points_of_sale<C: ConnectionTrait>(
    conn: &C,
    product_id: Uuid,
) -> Result<Vec<crate::entities::point_of_sale::Model>, DbErr> {
    use crate::entities::point_of_sale;
    point_of_sale::Entity::find()
        .filter(point_of_sale::Column::ProductId.eq(product_id))
        .order_by_asc(point_of_sale::Column::CreatedAt)
        .order_by_asc(point_of_sale::Column::Id)
        .all(conn)
        .await
}

/// Stores a point of sale.
pub async fn insert_point_of_sale<C: ConnectionTrait>(
    conn: &C,
    model: crate::entities::point_of_sale::Model,
) -> Result<(), DbErr> {
    crate::entities::point_of_sale::Entity::insert(model.into_active_model())
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Removes a point of sale of a product; false when there was none.
pub async fn delete_point_of_sale<C: ConnectionTrait>(conn: &C, product_id: Uuid, id: Uuid) -> Result<bool, DbErr> {
    use crate::entities::point_of_sale;
    let result = point_of_sale::Entity::delete_many()
        .filter(point_of_sale::Column::ProductId.eq(product_id))
        .filter(point_of_sale::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(result.rows_affected > 0)
}

/// One product, its row locked until the transaction ends (`SELECT … FOR UPDATE` on PostgreSQL;
/// SQLite's write transactions are serialised already): two requests that check then insert
/// something per product (one open dossier) see each other's insert.
pub async fn get_locked<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<product::Model>, DbErr> {
    product::Entity::find_by_id(id).lock_exclusive().one(conn).await
}

/// The product-set code of every product (one row per product), for counts per set.
pub async fn product_set_codes<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>, DbErr> {
    product::Entity::find()
        .select_only()
        .column(product::Column::ProductSetCode)
        .into_tuple()
        .all(conn)
        .await
}
