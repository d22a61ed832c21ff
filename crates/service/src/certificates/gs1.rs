//! GS1 Digital Link: which certificate a GTIN on a package leads to.

use ocop_domain::identifiers::Gtin;
use ocop_storage::Database;
use ocop_storage::entities::certificate;
use ocop_storage::repo::{certificate_repo, product_repo};

use crate::error::{ServiceError, ServiceResult};

/// The forms a GTIN may be stored in, from its 14-digit form (`0893…` → `893…`).
fn stored_forms(gtin: &Gtin) -> Vec<String> {
    let g14 = gtin.as_gtin14();
    [14usize, 13, 12, 8]
        .into_iter()
        .filter(|len| g14[..14 - len].bytes().all(|b| b == b'0'))
        .map(|len| g14[14 - len..].to_owned())
        .collect()
}

/// The current certificate (latest, not superseded) of the product carrying `gtin`.
pub async fn current_for_gtin(db: &Database, gtin: &str) -> ServiceResult<certificate::Model> {
    let gtin = Gtin::parse(gtin).map_err(|_| ServiceError::NotFound)?;
    for form in stored_forms(&gtin) {
        if let Some(product) = product_repo::find_by_gtin(db.conn(), &form).await? {
            return certificate_repo::of_product(db.conn(), product.id)
                .await?
                .into_iter()
                .rev()
                .find(|c| c.superseded_by.is_none())
                .ok_or(ServiceError::NotFound);
        }
    }
    Err(ServiceError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gtin_13_is_found_from_its_14_digit_form() {
        let valid = (0..10)
            .map(|d| format!("0893456789012{d}"))
            .find_map(|text| Gtin::parse(&text).ok())
            .expect("one check digit fits");
        let forms = stored_forms(&valid);
        assert_eq!(forms.len(), 2, "{forms:?}");
        assert_eq!(forms[0], valid.as_gtin14());
        assert_eq!(forms[1], valid.as_gtin14()[1..]);
    }
}
