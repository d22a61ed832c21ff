//! Real products: the 43 published OCOP products of the public sample
//! (`reference/demo/ocop_products_public_sample.csv`, public facts with the
//! page each came from), and the Cẩm Xuyên, Phong Thổ and Quảng Trị products
//! of the seed documents, placed on real communes.

use std::collections::HashMap;

use ocop_domain::producer::{LegalForm, ProducerInput};
use ocop_domain::product::ProductInput;

use super::rng::{Rng, demo_uuid};
use super::spec::{
    Dataset, Identifiers, ProducerSpec, ProductSpec, certifications, legal_form_of, person, phone, registration_fields,
    representative_title,
};
use super::units::{Catalog, Resolution};
use super::words::set_for;
use crate::error::{ServiceError, ServiceResult};

const PUBLIC_SAMPLE: &str = include_str!("../../../../reference/demo/ocop_products_public_sample.csv");

/// The key of the Phú Sang producer, whose account is `chuthe.phusang`.
pub(crate) const PHU_SANG_KEY: &str = "producer/seed/phu-sang";

/// The Phú Sang producer's name: a cooperative, as the seed describes it.
pub(crate) const PHU_SANG_NAME: &str = "Hợp tác xã Phú Sang";

/// Where the Phú Sang producer and its fish sauce are registered (Thị trấn Thiên Cầm before
/// 01/07/2025; today Xã Thiên Cầm, commune 18676, whose officer is `xa.thiencam`).
pub(crate) const PHU_SANG_COMMUNE: &str = "pre2025/commune/18676";

/// A product named in a seed document, with a synthetic producer where the
/// document names none: (product, producer, old province code, locality or
/// commune id, set code). Where the seed names the producer the demo follows it: Phú Sang is
/// a cooperative (HTX) at Thiên Cầm, and Rượu sim Kẻ Gỗ belongs to the household business of
/// Phan Khắc Đạt.
const SEEDED: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Nước mắm Phú Sang",
        PHU_SANG_NAME,
        "42",
        // Thị trấn Thiên Cầm, huyện Cẩm Xuyên (Xã Thiên Cầm since 01/07/2025).
        PHU_SANG_COMMUNE,
        "I.4.a",
    ),
    (
        "Rượu sim Đất Thơm Kẻ Gỗ",
        "Hộ kinh doanh Phan Khắc Đạt",
        "42",
        "pre2025/commune/18739",
        "II.1.b",
    ),
    (
        "Mật ong hoa keo Cẩm Xuyên",
        "Tổ hợp tác Nuôi ong Cẩm Xuyên",
        "42",
        "2025/commune/18673",
        "I.2.b",
    ),
    (
        "Gạo sạch Cẩm Xuyên",
        "Hộ kinh doanh Nguyễn Thị Lan",
        "42",
        "2025/commune/18673",
        "I.2.a",
    ),
    (
        "Ruốc tôm Cẩm Nhượng",
        "Hợp tác xã Chế biến hải sản Cẩm Nhượng",
        "42",
        "xã Cẩm Nhượng, huyện Cẩm Xuyên",
        "I.3.d",
    ),
    (
        "Cam chanh Cẩm Thành",
        "Hợp tác xã Nông nghiệp Cẩm Thành",
        "42",
        "xã Cẩm Thành, huyện Cẩm Xuyên",
        "I.1.a",
    ),
    (
        "Chè Shan tuyết Sì Lở Lầu",
        "Hợp tác xã Chè Sì Lở Lầu",
        "12",
        "xã Sì Lở Lầu, huyện Phong Thổ",
        "I.5.a",
    ),
    (
        "Mật ong rừng Phong Thổ",
        "Tổ hợp tác Nuôi ong Mường So",
        "12",
        "xã Mường So, huyện Phong Thổ",
        "I.2.b",
    ),
    (
        "Hồ tiêu Cùa",
        "Hợp tác xã Hồ tiêu Cam Nghĩa",
        "45",
        "xã Cam Nghĩa, huyện Cam Lộ",
        "I.4.b",
    ),
    (
        "Tinh dầu tràm Quảng Trị",
        "Công ty TNHH Tinh dầu Tràm Xanh",
        "45",
        "xã Triệu Độ, huyện Triệu Phong",
        "III.3",
    ),
    (
        "Cà phê Arabica Khe Sanh",
        "Hộ kinh doanh Hồ Văn Tâm",
        "45",
        "thị trấn Khe Sanh, huyện Hướng Hóa",
        "I.6",
    ),
];

/// How many published localities had to be placed in their district or province.
#[derive(Default)]
struct Fallbacks {
    district: usize,
    province: usize,
}

/// A place for a published locality; counts (and logs at debug level) when it had to fall
/// back. Nothing here needs a newcomer's action, so the start stays quiet: one summary line.
fn place(
    catalog: &Catalog,
    old_province: &str,
    locality: &str,
    what: &str,
    fallbacks: &mut Fallbacks,
) -> ServiceResult<String> {
    if locality.contains("/commune/") {
        return Ok(locality.to_owned());
    }
    let (commune, how) = catalog
        .resolve(old_province, locality, what)
        .ok_or_else(|| ServiceError::Internal(format!("demo: no commune in old province {old_province}")))?;
    match how {
        Resolution::Exact => {}
        Resolution::District => {
            fallbacks.district += 1;
            tracing::debug!(%what, %locality, commune = %commune.id, "demo: commune not found, placed in its district")
        }
        Resolution::Province => {
            fallbacks.province += 1;
            tracing::debug!(%what, %locality, commune = %commune.id, "demo: locality not found, placed in its province")
        }
    }
    Ok(commune.id)
}

struct Row {
    product: String,
    producer: String,
    locality: String,
    old_province: String,
    description: String,
    set_code: &'static str,
}

fn sample_rows() -> ServiceResult<Vec<Row>> {
    let mut reader = csv::Reader::from_reader(PUBLIC_SAMPLE.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ServiceError::Internal(format!("demo sample: {e}")))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or(usize::MAX);
    let [
        name,
        producer,
        locality,
        old_province,
        stars,
        level,
        batch,
        group,
        source,
    ] = [
        "product_name",
        "producer",
        "locality_as_published",
        "old_province_code",
        "stars",
        "rating_level",
        "batch",
        "product_group_inferred",
        "source_url",
    ]
    .map(column);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ServiceError::Internal(format!("demo sample: {e}")))?;
        let get = |i: usize| record.get(i).unwrap_or_default().trim().to_owned();
        rows.push(Row {
            set_code: set_for(&get(name), &get(group)),
            description: format!(
                "Sản phẩm OCOP {} sao (cấp {}, {}). Nguồn công bố: {}",
                get(stars),
                get(level),
                get(batch),
                get(source)
            ),
            product: get(name),
            producer: get(producer),
            locality: get(locality),
            old_province: get(old_province),
        });
    }
    Ok(rows)
}

fn seeded_rows() -> Vec<Row> {
    SEEDED
        .iter()
        .map(|(product, producer, province, locality, set)| Row {
            product: (*product).to_owned(),
            producer: (*producer).to_owned(),
            locality: (*locality).to_owned(),
            old_province: (*province).to_owned(),
            description: format!("{product}: sản phẩm đăng ký tham gia Chương trình OCOP (dữ liệu minh họa)."),
            set_code: set,
        })
        .collect()
}

/// Adds the published and seeded products and their producers.
pub(crate) fn add(
    data: &mut Dataset,
    catalog: &Catalog,
    ids: &mut Identifiers,
    rng: &mut Rng,
    today: chrono::NaiveDate,
    serial: &mut u64,
) -> ServiceResult<()> {
    let mut producers: HashMap<String, (uuid::Uuid, String)> = HashMap::new();
    let mut fallbacks = Fallbacks::default();
    let rows = sample_rows()?
        .into_iter()
        .map(|r| (r, "sample"))
        .chain(seeded_rows().into_iter().map(|r| (r, "seed")));
    for (i, (row, origin)) in rows.enumerate() {
        let producer_key = format!("{}|{}", row.old_province, row.producer);
        let commune_id = place(catalog, &row.old_province, &row.locality, &row.producer, &mut fallbacks)?;
        let (producer_id, producer_commune) = match producers.get(&producer_key) {
            Some(found) => found.clone(),
            None => {
                let key = if row.producer.contains("Phú Sang") {
                    PHU_SANG_KEY.to_owned()
                } else {
                    format!("producer/{origin}/{}", row.producer)
                };
                let id = demo_uuid(&key);
                let (form, kind) = legal_form_of(&row.producer);
                let (tax_code, registration_number) = registration_fields(form, &row.old_province, ids, rng);
                let representative =
                    if form == LegalForm::HouseholdBusiness && row.producer.starts_with("Hộ kinh doanh ") {
                        row.producer.trim_start_matches("Hộ kinh doanh ").to_owned()
                    } else {
                        person(rng)
                    };
                data.producers.push(ProducerSpec {
                    id,
                    input: ProducerInput {
                        name: row.producer.clone(),
                        legal_form: form.as_str().to_owned(),
                        enterprise_kind: kind.map(str::to_owned),
                        tax_code,
                        registration_number,
                        representative,
                        representative_title: Some(representative_title(form).to_owned()),
                        commune_id: commune_id.clone(),
                        address_line: None,
                        phone: Some(phone(rng)),
                        email: None,
                        website: None,
                    },
                    certifications: certifications(rng, today, serial),
                });
                producers.insert(producer_key, (id, commune_id.clone()));
                (id, commune_id.clone())
            }
        };
        data.products.push(ProductSpec {
            id: demo_uuid(&format!("product/{origin}/{i}/{}", row.product)),
            producer_name: row.producer.clone(),
            input: ProductInput {
                name: row.product,
                producer_id: producer_id.to_string(),
                product_set_code: row.set_code.to_owned(),
                commune_id: if row.locality.is_empty() {
                    producer_commune
                } else {
                    commune_id
                },
                description: Some(row.description),
                story: None,
                raw_material_origin: None,
                gtin: None,
            },
        });
    }
    if fallbacks.district + fallbacks.province > 0 {
        // Said once, as a fact about the demo data, not as a problem to fix.
        tracing::debug!(
            district = fallbacks.district,
            province = fallbacks.province,
            "demo: published products whose commune is not in today's list were placed in their district or province"
        );
    }
    Ok(())
}
