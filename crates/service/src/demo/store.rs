//! Turns the demo's inputs into rows with the same builders the use cases
//! use ([`producers::producer_row`], [`products::product_row`]) and stores
//! them with batched inserts inside the caller's transaction.

use std::collections::HashMap;

use ocop_storage::ConnectionTrait;
use ocop_storage::entities::producer_certification;
use ocop_storage::repo::{producer_repo, product_repo, product_set_repo};

use super::Progress;
use super::rng::demo_uuid;
use super::spec::{ProducerSpec, ProductSpec};
use crate::admin_units::places;
use crate::error::{ServiceError, ServiceResult};
use crate::{producers, products};

/// Rows per batch: one progress report and, for products, one place lookup each.
pub(crate) const BATCH: usize = 2_000;

fn invalid(what: &str, name: &str, errors: impl std::fmt::Debug) -> ServiceError {
    ServiceError::Internal(format!("demo {what} {name:?} is invalid: {errors:?}"))
}

/// Stores producers and their certifications; returns (producers, certifications).
pub(crate) async fn producers<C: ConnectionTrait>(
    conn: &C,
    specs: &[ProducerSpec],
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> ServiceResult<(u64, u64)> {
    let created_at = ocop_storage::now();
    let total = specs.len() as u64;
    let mut certifications = 0u64;
    for (n, batch) in specs.chunks(BATCH).enumerate() {
        let mut rows = Vec::with_capacity(batch.len());
        let mut certs = Vec::new();
        for spec in batch {
            let draft = spec
                .input
                .parse()
                .map_err(|e| invalid("producer", &spec.input.name, e))?;
            rows.push(producers::producer_row(spec.id, &draft, 1, created_at));
            for (i, input) in spec.certifications.iter().enumerate() {
                let c = input
                    .parse()
                    .map_err(|e| invalid("certification", &spec.input.name, e))?;
                certs.push(producer_certification::Model {
                    id: demo_uuid(&format!("certification/{}/{i}", spec.id)),
                    producer_id: spec.id,
                    kind: c.kind.as_str().to_owned(),
                    label: c.label,
                    number: c.number,
                    issuer: c.issuer,
                    issued_on: c.issued_on,
                    expires_on: c.expires_on,
                    created_at,
                });
            }
        }
        producer_repo::insert_many(conn, rows).await?;
        certifications += certs.len() as u64;
        producer_repo::insert_certifications(conn, certs).await?;
        progress(Progress {
            stage: "producers",
            done: ((n * BATCH + batch.len()) as u64).min(total),
            total,
        });
    }
    Ok((total, certifications))
}

/// Stores products; the places of each batch are resolved in one lookup.
pub(crate) async fn products<C: ConnectionTrait>(
    conn: &C,
    specs: &[ProductSpec],
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> ServiceResult<u64> {
    let created_at = ocop_storage::now();
    let total = specs.len() as u64;
    let set_names: HashMap<String, String> = product_set_repo::list(conn, None)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    for (n, batch) in specs.chunks(BATCH).enumerate() {
        let commune_ids: Vec<String> = batch.iter().map(|s| s.input.commune_id.clone()).collect();
        let places = places(conn, &commune_ids).await?;
        let mut rows = Vec::with_capacity(batch.len());
        for spec in batch {
            let draft = spec
                .input
                .parse()
                .map_err(|e| invalid("product", &spec.input.name, e))?;
            let place = places
                .get(&spec.input.commune_id)
                .ok_or_else(|| invalid("product", &spec.input.name, &spec.input.commune_id))?;
            let set_name = set_names
                .get(&draft.product_set_code)
                .ok_or_else(|| invalid("product", &spec.input.name, &draft.product_set_code))?;
            rows.push(products::product_row(
                spec.id,
                &draft,
                &spec.producer_name,
                set_name,
                place,
                1,
                created_at,
            ));
        }
        product_repo::insert_many(conn, rows).await?;
        progress(Progress {
            stage: "products",
            done: ((n * BATCH + batch.len()) as u64).min(total),
            total,
        });
    }
    Ok(total)
}
