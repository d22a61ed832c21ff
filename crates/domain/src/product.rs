//! Products (sản phẩm) and the product sets (bộ sản phẩm) they are classified in.

use serde::{Deserialize, Serialize};

use crate::admin_unit::AdminUnitId;
use crate::identifiers::Gtin;
use crate::ids::ProducerId;
use crate::producer::{optional_text, required_line, required_text};
use crate::{ErrorCode, ValidationErrors};

/// Which classification a product set belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    /// The 26 product sets of QĐ 148/2023 and QĐ 26/2026 (codes such as `I.1.a`).
    Qd148,
    /// The 26 subgroups of QĐ 1048/2019, for records made before 24/02/2023 (codes `1048-01` …).
    Qd1048,
}

impl Classification {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Qd148 => "qd148",
            Classification::Qd1048 => "qd1048",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Result<Self, ErrorCode> {
        match text {
            "qd148" => Ok(Classification::Qd148),
            "qd1048" => Ok(Classification::Qd1048),
            _ => Err(ErrorCode::InvalidChoice),
        }
    }
}

/// A product's details as typed, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProductInput {
    /// Product name, e.g. "Nước mắm Phú Sang".
    pub name: String,
    /// The producer that owns it.
    pub producer_id: String,
    /// Product set code (`I.4.a`) or, for old records, a QĐ 1048 subgroup (`1048-11`).
    pub product_set_code: String,
    /// Commune of production.
    pub commune_id: String,
    /// Short description.
    pub description: Option<String>,
    /// The product's story (câu chuyện sản phẩm).
    pub story: Option<String>,
    /// Where the raw materials come from.
    pub raw_material_origin: Option<String>,
    /// GTIN on the package, if any.
    pub gtin: Option<String>,
}

/// A checked product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDraft {
    /// Name.
    pub name: String,
    /// Owner.
    pub producer_id: ProducerId,
    /// Product set code (existence checked by the service).
    pub product_set_code: String,
    /// Commune of production.
    pub commune_id: AdminUnitId,
    /// Description.
    pub description: Option<String>,
    /// Story.
    pub story: Option<String>,
    /// Raw-material origin.
    pub raw_material_origin: Option<String>,
    /// GTIN.
    pub gtin: Option<Gtin>,
}

impl ProductInput {
    /// Checks every field and collects all failures.
    pub fn parse(&self) -> Result<ProductDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = required_line(&mut errors, "name", &self.name, 200);
        let producer_id = ProducerId::parse(&self.producer_id);
        if producer_id.is_none() {
            errors.add("producer_id", ErrorCode::UnknownProducer);
        }
        let product_set_code = required_text(&mut errors, "product_set_code", &self.product_set_code, 20);
        let commune_id = errors.check("commune_id", AdminUnitId::parse(&self.commune_id));
        let description = optional_text(&mut errors, "description", &self.description, 2000);
        let story = optional_text(&mut errors, "story", &self.story, 10_000);
        let raw_material_origin = optional_text(&mut errors, "raw_material_origin", &self.raw_material_origin, 1000);
        let gtin = crate::producer::non_blank(&self.gtin).and_then(|g| errors.check("gtin", Gtin::parse(g)));
        errors.into_result()?;
        Ok(ProductDraft {
            name,
            producer_id: producer_id.expect("checked above"),
            product_set_code,
            commune_id: commune_id.expect("checked above"),
            description,
            story,
            raw_material_origin,
            gtin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_gtin_and_missing_fields_are_reported_together() {
        let input = ProductInput {
            gtin: Some("8934567890124".into()),
            ..Default::default()
        };
        let errors = input.parse().unwrap_err();
        let fields: Vec<_> = errors.fields.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "producer_id", "product_set_code", "commune_id", "gtin"]
        );
    }

    #[test]
    fn a_complete_product_parses() {
        let input = ProductInput {
            name: "Nước mắm Phú Sang".into(),
            producer_id: ProducerId::new().to_string(),
            product_set_code: "I.4.a".into(),
            commune_id: "2025/commune/18673".into(),
            ..Default::default()
        };
        let draft = input.parse().expect("valid");
        assert_eq!(draft.name, "Nước mắm Phú Sang");
        assert!(draft.gtin.is_none());
    }
}
