//! The folded text a product is found by: its name, its producer, its product
//! set and every name of its place — as recorded and as of today — so
//! "cam xuyen" finds a product recorded in Thị trấn Cẩm Xuyên (Huyện Cẩm
//! Xuyên) before 2025 and one recorded in Xã Cẩm Xuyên since.

use ocop_domain::text::fold;
use ocop_domain::text::input::search_terms;

use crate::admin_units::PlaceDto;
use crate::error::{ServiceError, ServiceResult};

/// The folded words of a search parameter `q`, bounded
/// (`domain::text::input::search_terms`: at most 200 characters and 12 words);
/// beyond, a field error on `q`. Every list with a `q` goes through here.
pub fn query_terms(q: Option<&str>) -> ServiceResult<Vec<String>> {
    search_terms(q).map_err(|code| ServiceError::field("q", code))
}

/// Builds the folded search text of a product.
pub fn product_search_text(
    name: &str,
    producer_name: &str,
    product_set_name: &str,
    gtin: Option<&str>,
    place: &PlaceDto,
) -> String {
    let mut text = format!(
        "{name} | {producer_name} | {product_set_name} | {}",
        place.search_words()
    );
    if let Some(gtin) = gtin {
        text.push_str(" | ");
        text.push_str(gtin);
    }
    fold(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_domain::text::{fold_query_terms, folded_contains_all};

    #[test]
    fn old_and_new_place_names_are_both_searchable() {
        let place = PlaceDto {
            commune_id: "pre2025/commune/18673".into(),
            commune_name: "Thị trấn Cẩm Xuyên".into(),
            district_name: Some("Huyện Cẩm Xuyên".into()),
            province_name: "Hà Tĩnh".into(),
            today_commune_names: vec!["Xã Cẩm Xuyên".into()],
            today_province_names: vec!["Hà Tĩnh".into()],
            today_province_codes: vec!["42".into()],
            today_commune_codes: vec!["18673".into()],
        };
        let text = product_search_text("Nước mắm Phú Sang", "Cơ sở Phú Sang", "Tương, nước mắm", None, &place);
        for query in [
            "cam xuyen",
            "CẨM XUYÊN",
            "nuoc mam",
            "ha tinh phu sang",
            "thi tran cam xuyen",
        ] {
            assert!(
                folded_contains_all(&text, &fold_query_terms(query)),
                "{query} should match {text}"
            );
        }
        assert!(!folded_contains_all(&text, &fold_query_terms("cam ranh")));
    }
}
