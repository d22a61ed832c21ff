//! Synthetic producers and products spread over every province, with legal
//! forms in realistic proportions and names drawn from [`super::words`].

use std::collections::HashSet;

use ocop_domain::producer::{LegalForm, ProducerInput};
use ocop_domain::product::ProductInput;

use super::rng::{Rng, demo_uuid};
use super::spec::{
    Dataset, Identifiers, ProducerSpec, ProductSpec, brand, certifications, email, person, phone, registration_fields,
    representative_title,
};
use super::units::{Catalog, Commune};
use super::words::{COOPERATIVE_TRADE, ENTERPRISE_TRADE, SETS, SetWords, VARIANTS};

/// How many synthetic rows to add and where.
pub(crate) struct Plan {
    /// Producers in the whole dataset when done.
    pub producers: usize,
    /// Products in the whole dataset when done.
    pub products: usize,
    /// Give every commune of today's list at least one producer (and so one product).
    pub cover_every_commune: bool,
    /// Percent of the other producers placed on a commune of the list before 2025.
    pub pre2025_percent: u64,
}

/// Legal forms in the proportions of the national OCOP register.
const FORMS: &[(LegalForm, u32)] = &[
    (LegalForm::Cooperative, 32),
    (LegalForm::Enterprise, 22),
    (LegalForm::HouseholdBusiness, 40),
    (LegalForm::CooperativeGroup, 6),
];

const ENTERPRISE_KINDS: &[(&str, u32)] = &[
    ("llc_multi_member", 40),
    ("llc_single_member", 30),
    ("joint_stock", 25),
    ("private", 5),
];

fn set_weights() -> Vec<(&'static SetWords, u32)> {
    SETS.iter().map(|s| (s, s.weight)).collect()
}

fn pick_commune(catalog: &Catalog, plan: &Plan, k: usize, rng: &mut Rng) -> Commune {
    if plan.cover_every_commune && k < catalog.communes_2025.len() {
        return catalog.communes_2025[k].clone();
    }
    if rng.chance(plan.pre2025_percent) {
        return rng.pick(&catalog.communes_pre2025).clone();
    }
    // Round-robin over provinces, so even a small dataset reaches every one.
    let provinces: Vec<&Vec<usize>> = catalog.by_province_2025.values().collect();
    let in_province = provinces[k % provinces.len()];
    catalog.communes_2025[*rng.pick(in_province)].clone()
}

/// Name, enterprise kind, representative and e-mail of a synthetic producer.
fn identity(
    form: LegalForm,
    set: &SetWords,
    commune: &Commune,
    rng: &mut Rng,
) -> (String, Option<String>, String, Option<String>) {
    let representative = person(rng);
    match form {
        LegalForm::Cooperative => {
            let trade = if rng.chance(50) {
                set.trade
            } else {
                *rng.pick(COOPERATIVE_TRADE)
            };
            (
                format!("Hợp tác xã {trade} {}", commune.name),
                None,
                representative,
                None,
            )
        }
        LegalForm::CooperativeGroup => (
            format!("Tổ hợp tác {} {}", set.trade, commune.name),
            None,
            representative,
            None,
        ),
        LegalForm::HouseholdBusiness => {
            if rng.chance(70) {
                (format!("Hộ kinh doanh {representative}"), None, representative, None)
            } else {
                (
                    format!("Cơ sở {} {}", set.trade, brand(rng)),
                    None,
                    representative,
                    None,
                )
            }
        }
        LegalForm::Enterprise => {
            let kind = *rng.weighted(ENTERPRISE_KINDS);
            let brand = brand(rng);
            let trade = rng.pick(ENTERPRISE_TRADE);
            let name = match kind {
                "llc_single_member" => format!("Công ty TNHH MTV {trade} {brand}"),
                "joint_stock" => format!("Công ty Cổ phần {trade} {brand}"),
                "private" => format!("Doanh nghiệp tư nhân {brand}"),
                _ => format!("Công ty TNHH {trade} {brand}"),
            };
            (name, Some(kind.to_owned()), representative, Some(email(&brand)))
        }
    }
}

/// Adds synthetic producers and products until the dataset holds what `plan` asks.
pub(crate) fn add(
    data: &mut Dataset,
    catalog: &Catalog,
    plan: &Plan,
    ids: &mut Identifiers,
    rng: &mut Rng,
    today: chrono::NaiveDate,
    serial: &mut u64,
) {
    let producers = plan.producers.saturating_sub(data.producers.len());
    let products = plan.products.saturating_sub(data.products.len()).max(producers);
    let mut per_producer = vec![1usize; producers];
    for _ in producers..products {
        per_producer[rng.below(producers)] += 1;
    }
    let sets = set_weights();
    for (k, count) in per_producer.into_iter().enumerate() {
        let commune = pick_commune(catalog, plan, k, rng);
        let form = *rng.weighted(FORMS);
        let primary = *rng.weighted(&sets);
        let (name, enterprise_kind, representative, email) = identity(form, primary, &commune, rng);
        let (tax_code, registration_number) = registration_fields(form, &commune.province_code, ids, rng);
        let id = demo_uuid(&format!("producer/generated/{k}"));
        let village = format!(
            "{} {}",
            rng.pick(&["Thôn", "Xóm", "Ấp", "Tổ dân phố", "Bản"]),
            rng.between(1, 15)
        );
        data.producers.push(ProducerSpec {
            id,
            input: ProducerInput {
                name: name.clone(),
                legal_form: form.as_str().to_owned(),
                enterprise_kind,
                tax_code,
                registration_number,
                representative,
                representative_title: Some(representative_title(form).to_owned()),
                commune_id: commune.id.clone(),
                address_line: Some(village),
                phone: Some(phone(rng)),
                email,
                website: None,
            },
            certifications: certifications(rng, today, serial),
        });
        let mut names: HashSet<String> = HashSet::new();
        for j in 0..count {
            let set = if j == 0 || rng.chance(65) {
                primary
            } else {
                *rng.weighted(&sets)
            };
            let base = rng.pick(set.names);
            let mut product_name = format!("{base} {}", commune.name);
            let mut variant = 0;
            while !names.insert(product_name.clone()) {
                product_name = format!("{base} {} {}", commune.name, VARIANTS[variant % VARIANTS.len()]);
                variant += 1;
                if variant > VARIANTS.len() {
                    product_name = format!("{product_name} {j}");
                }
            }
            let sells_packaged = !set.code.starts_with('V');
            data.products.push(ProductSpec {
                id: demo_uuid(&format!("product/generated/{k}/{j}")),
                producer_name: name.clone(),
                input: ProductInput {
                    description: Some(format!(
                        "{product_name} do {name} sản xuất từ {} tại {}.",
                        set.material, commune.name
                    )),
                    story: rng.chance(20).then(|| {
                        format!(
                            "Sản phẩm phát triển từ nghề truyền thống của {} và tham gia Chương trình OCOP từ năm {}.",
                            commune.name,
                            rng.between(2019, 2025)
                        )
                    }),
                    raw_material_origin: Some(format!("{} ({})", set.material, commune.name)),
                    gtin: (sells_packaged && rng.chance(35)).then(|| ids.gtin()),
                    name: product_name,
                    producer_id: id.to_string(),
                    product_set_code: set.code.to_owned(),
                    commune_id: commune.id.clone(),
                },
            });
        }
    }
}
