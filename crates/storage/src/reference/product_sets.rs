//! The product-set classifications: the 26 sets of QĐ 148/2023 (unchanged in
//! QĐ 26/2026) with codes such as `I.4.a`, and the 26 subgroups of QĐ 1048/2019
//! for older records, coded `1048-01` … `1048-26` in the order of the decision.

use ocop_domain::product::Classification;
use ocop_domain::text::fold;

use super::{field, read_csv};
use crate::entities::product_set;

const QD148: &str = include_str!("../../../../reference/product-sets/product_sets.csv");
const QD1048: &str = include_str!("../../../../reference/product-sets/product_sets_qd1048.csv");

/// Both classifications as rows.
pub fn shipped() -> Result<Vec<product_set::Model>, String> {
    let mut sets = Vec::with_capacity(52);
    for row in read_csv(QD148)? {
        let name = field(&row, "product_set")?;
        sets.push(product_set::Model {
            code: field(&row, "code")?.to_owned(),
            classification: Classification::Qd148.as_str().to_owned(),
            seq: field(&row, "seq")?.parse().map_err(|_| "bad seq".to_owned())?,
            sector: field(&row, "sector")?.to_owned(),
            group_name: field(&row, "group")?.to_owned(),
            name: name.to_owned(),
            managing_ministry: field(&row, "managing_ministry")?.to_owned(),
            sample_required: field(&row, "sample_required")? == "yes",
            name_folded: fold(name),
        });
    }
    for (index, row) in read_csv(QD1048)?.into_iter().enumerate() {
        let name = field(&row, "subgroup")?;
        let sector = field(&row, "sector")?;
        sets.push(product_set::Model {
            code: format!("1048-{:02}", index + 1),
            classification: Classification::Qd1048.as_str().to_owned(),
            seq: index as i32 + 1,
            sector: sector.to_owned(),
            group_name: field(&row, "group")?.to_owned(),
            name: name.to_owned(),
            managing_ministry: field(&row, "managing_ministry")?.to_owned(),
            sample_required: !sector.starts_with("Dịch vụ du lịch"),
            name_folded: fold(name),
        });
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_classifications_have_26_entries_and_unique_codes() {
        let sets = super::shipped().expect("parse");
        assert_eq!(sets.iter().filter(|s| s.classification == "qd148").count(), 26);
        assert_eq!(sets.iter().filter(|s| s.classification == "qd1048").count(), 26);
        let mut codes: Vec<_> = sets.iter().map(|s| s.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 52);
        let tourism = sets.iter().find(|s| s.code == "VI.1").expect("tourism set");
        assert!(!tourism.sample_required, "tourism is assessed on site, without samples");
    }
}
