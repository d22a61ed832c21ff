//! OCOP certificates for the demo: every third product gets one, cycling
//! through every state the public page can show — valid, expiring, expired,
//! revoked, superseded by a renewal, suspended — with dates set relative to
//! today so the states hold whenever the demo is loaded.
//!
//! Ids and verification codes are derived from stable keys (so the same
//! scale gives the same codes; demo codes are therefore guessable from the
//! source and must never be used for real certificates, whose codes come
//! from the operating system's generator).

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use ocop_domain::certificate::code::CODE_BYTES;
use ocop_domain::certificate::{
    CertificateNumber, IssuerLevel, LegalBasis, RevocationGround, Stars, VerificationCode, competent_issuer, validity,
};
use ocop_storage::ConnectionTrait;
use ocop_storage::entities::{admin_unit, certificate, decision};
use ocop_storage::repo::{admin_unit_repo, certificate_repo};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Progress;
use super::rng::{demo_uuid, hash64};
use super::spec::ProductSpec;
use super::store::BATCH;
use crate::admin_units::{PlaceDto, places};
use crate::error::ServiceResult;

/// The states the demo cycles through, in order.
const STATES: [&str; 6] = ["valid", "expiring", "expired", "revoked", "superseded", "suspended"];

fn code_for(id: Uuid) -> String {
    let digest = Sha256::digest(format!("ocop-demo/code/{id}").as_bytes());
    let mut bytes = [0u8; CODE_BYTES];
    bytes.copy_from_slice(&digest[..CODE_BYTES]);
    VerificationCode::from_random(bytes).as_str().to_owned()
}

fn basis_on(day: NaiveDate) -> LegalBasis {
    if day < NaiveDate::from_ymd_opt(2023, 2, 24).expect("date") {
        LegalBasis::Qd1048
    } else {
        LegalBasis::Qd148
    }
}

/// "Tỉnh Hà Tĩnh" → "UBND tỉnh Hà Tĩnh".
fn committee(full_name: &str) -> String {
    let mut chars = full_name.chars();
    let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
    format!("UBND {first}{}", chars.as_str())
}

/// Builds rows in memory: decisions are shared per issuer and day, numbers run per province, year and stars.
#[derive(Default)]
struct Builder {
    decisions: HashMap<Uuid, decision::Model>,
    per_issuer: HashMap<String, u32>,
    sequences: HashMap<String, u32>,
    certificates: Vec<certificate::Model>,
}

impl Builder {
    fn decision(
        &mut self,
        kind: &str,
        issuer: &str,
        level: IssuerLevel,
        on: NaiveDate,
        basis: Option<LegalBasis>,
    ) -> Uuid {
        let id = demo_uuid(&format!("decision/{kind}/{issuer}/{on}"));
        if !self.decisions.contains_key(&id) {
            let n = self.per_issuer.entry(issuer.to_owned()).or_insert(100);
            *n += 1;
            let suffix = if level == IssuerLevel::Ministry {
                "QĐ-BNNMT"
            } else {
                "QĐ-UBND"
            };
            self.decisions.insert(
                id,
                decision::Model {
                    id,
                    kind: kind.to_owned(),
                    number: format!("{n}/{suffix}"),
                    decided_on: on,
                    issuer_name: issuer.to_owned(),
                    issuer_level: level.as_str().to_owned(),
                    legal_basis: basis.map(|b| b.as_str().to_owned()),
                    created_at: ocop_storage::now(),
                    scan_sha256: None,
                    scan_content_type: None,
                },
            );
        }
        id
    }

    fn certificate(
        &mut self,
        key: &str,
        product: &ProductSpec,
        place: &PlaceDto,
        province: &admin_unit::Model,
        stars: u8,
        issued_on: NaiveDate,
    ) -> certificate::Model {
        let basis = basis_on(issued_on);
        let mut stars = Stars::new(stars).expect("3 to 5");
        let mut level = competent_issuer(basis, stars, issued_on);
        if level == IssuerLevel::District && place.district_name.is_none() {
            stars = Stars::new(4).expect("4");
            level = IssuerLevel::Province;
        }
        let issuer = match level {
            IssuerLevel::Ministry => "Bộ Nông nghiệp và Môi trường".to_owned(),
            IssuerLevel::Province => committee(&province.full_name),
            IssuerLevel::District => committee(place.district_name.as_deref().unwrap_or_default()),
        };
        let decision_id = self.decision("recognise", &issuer, level, issued_on, Some(basis));
        let prefix = CertificateNumber::prefix(&province.code, issued_on.year(), stars);
        let seq = self.sequences.entry(prefix).or_insert(0);
        *seq += 1;
        let id = demo_uuid(&format!("certificate/{key}"));
        certificate::Model {
            id,
            product_id: product.id,
            producer_id: Uuid::parse_str(&product.input.producer_id).unwrap_or_default(),
            stars: i32::from(stars.get()),
            score_x100: Some(demo_score_x100(stars.get(), hash64(key))),
            legal_basis: basis.as_str().to_owned(),
            decision_id,
            origin: "issued".to_owned(),
            issued_on,
            valid_through: validity::valid_through(issued_on),
            number: CertificateNumber::new(&province.code, issued_on.year(), stars, *seq)
                .as_str()
                .to_owned(),
            verification_code: code_for(id),
            province_code: province.code.clone(),
            superseded_by: None,
            superseded_on: None,
            suspended_on: None,
            suspension_note: None,
            revoked_on: None,
            revocation_ground: None,
            revocation_text: None,
            revocation_decision_id: None,
            created_at: ocop_storage::now(),
            row_version: 1,
            certified_product_name: product.input.name.clone(),
            certified_product_set_code: product.input.product_set_code.clone(),
            certified_producer_name: product.producer_name.clone(),
            certified_commune_id: product.input.commune_id.clone(),
            recorded: false,
        }
    }

    fn add(
        &mut self,
        product: &ProductSpec,
        place: &PlaceDto,
        province: &admin_unit::Model,
        state: &str,
        today: NaiveDate,
    ) {
        let key = product.id.to_string();
        let stars = 3 + (hash64(&key) % 3) as u8;
        let months_ago = |m: u32, plus_days: i64| {
            today.checked_sub_months(Months::new(m)).unwrap_or(today) + chrono::Duration::days(plus_days)
        };
        let days_ago = |d: i64| today - chrono::Duration::days(d);
        match state {
            "valid" => {
                let c = self.certificate(&key, product, place, province, stars, days_ago(200));
                self.certificates.push(c);
            }
            "expiring" => {
                let c = self.certificate(&key, product, place, province, stars, months_ago(36, 60));
                self.certificates.push(c);
            }
            "expired" => {
                let c = self.certificate(&key, product, place, province, stars, months_ago(36, -100));
                self.certificates.push(c);
            }
            "revoked" => {
                let mut c = self.certificate(&key, product, place, province, stars, days_ago(400));
                let on = days_ago(30);
                let issuer = committee(&province.full_name);
                let level = if c.stars == 5 {
                    IssuerLevel::Ministry
                } else {
                    IssuerLevel::Province
                };
                c.revocation_decision_id = Some(self.decision("revoke", &issuer, level, on, None));
                c.revoked_on = Some(on);
                let grounds = RevocationGround::ALL;
                let ground = grounds[(hash64(&key) % (grounds.len() as u64 - 1)) as usize];
                c.revocation_ground = Some(ground.as_str().to_owned());
                self.certificates.push(c);
            }
            "superseded" => {
                let mut old = self.certificate(&key, product, place, province, stars, months_ago(36, 20));
                let mut new =
                    self.certificate(&format!("{key}/renewal"), product, place, province, stars, days_ago(20));
                new.origin = "renewal".to_owned();
                old.superseded_by = Some(new.id);
                old.superseded_on = Some(new.issued_on);
                self.certificates.push(old);
                self.certificates.push(new);
            }
            _ => {
                let mut c = self.certificate(&key, product, place, province, stars, days_ago(300));
                c.suspended_on = Some(days_ago(10));
                c.suspension_note = Some("Đang xác minh phản ánh về chất lượng".to_owned());
                self.certificates.push(c);
            }
        }
    }
}

/// Stores certificates for every third product; returns how many.
pub(crate) async fn store<C: ConnectionTrait>(
    conn: &C,
    products: &[ProductSpec],
    today: NaiveDate,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> ServiceResult<u64> {
    let chosen: Vec<&ProductSpec> = products.iter().step_by(3).collect();
    let provinces: HashMap<String, admin_unit::Model> = admin_unit_repo::all_provinces(conn)
        .await?
        .into_iter()
        .filter(|p| p.valid_to.is_none())
        .map(|p| (p.code.clone(), p))
        .collect();
    let total = chosen.len() as u64;
    let mut builder = Builder::default();
    for (n, batch) in chosen.chunks(BATCH).enumerate() {
        let commune_ids: Vec<String> = batch.iter().map(|p| p.input.commune_id.clone()).collect();
        let places = places(conn, &commune_ids).await?;
        for (i, product) in batch.iter().enumerate() {
            let Some(place) = places.get(&product.input.commune_id) else {
                continue;
            };
            let Some(province) = place.today_province_codes.first().and_then(|c| provinces.get(c)) else {
                continue;
            };
            let state = STATES[(n * BATCH + i) % STATES.len()];
            builder.add(product, place, province, state, today);
        }
        progress(Progress {
            stage: "certificates",
            done: ((n * BATCH + batch.len()) as u64).min(total),
            total,
        });
    }
    let count = builder.certificates.len() as u64;
    let mut decisions: Vec<decision::Model> = builder.decisions.into_values().collect();
    decisions.sort_by_key(|d| d.id);
    certificate_repo::insert_decisions(conn, decisions).await?;
    certificate_repo::insert_many(conn, builder.certificates).await?;
    Ok(count)
}

/// A score inside the band of the stars (3★ 50–<70, 4★ 70–<90, 5★ 90–100), so demo
/// certificates never show a score that contradicts their stars.
fn demo_score_x100(stars: u8, hash: u64) -> i32 {
    let (low, width) = match stars {
        5 => (9_000, 1_001),
        4 => (7_000, 2_000),
        _ => (5_000, 2_000),
    };
    low + (hash % width) as i32
}

#[cfg(test)]
mod score_tests {
    #[test]
    fn demo_scores_agree_with_their_stars() {
        for hash in [0, 1, 1_999, 2_000, 123_456_789, u64::MAX] {
            assert!((5_000..7_000).contains(&super::demo_score_x100(3, hash)));
            assert!((7_000..9_000).contains(&super::demo_score_x100(4, hash)));
            assert!((9_000..=10_000).contains(&super::demo_score_x100(5, hash)));
        }
    }
}
