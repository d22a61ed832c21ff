//! OCOP certificates for the demo: every third product gets one, cycling
//! through every state the public page can show — valid, expiring, expired,
//! revoked, superseded by a renewal, suspended — with dates set relative to
//! today so the states hold whenever the demo is loaded.
//!
//! Every certificate agrees with its own date: the legal basis in force on the decision's day
//! (QĐ 1048, QĐ 148, QĐ 26/2026 from 22/05/2026), the issuer as it was then (a district before
//! QĐ 1489, the ministry under its name of that day, the province of that day) and the place
//! of production on the units of that day (before 01/07/2025 the commune of the old list, with
//! its district; after, today's commune). A revocation is decided by the body that issued.
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
use ocop_storage::entities::{admin_unit, admin_unit_link, certificate, decision};
use ocop_storage::repo::{admin_unit_repo, certificate_repo};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
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

/// The basis in force on `day` (from `legal_bases.toml`), as a decision cites it.
pub(crate) fn basis_on(day: NaiveDate) -> LegalBasis {
    match ocop_domain::evaluation::LegalBases::official()
        .in_force_on(day)
        .map(|b| b.id.as_str())
    {
        Some("QD1048-2019") => LegalBasis::Qd1048,
        Some("QD26-2026") => LegalBasis::Qd26_2026,
        _ if day >= NaiveDate::from_ymd_opt(2026, 5, 22).expect("date") => LegalBasis::Qd26_2026,
        _ => LegalBasis::Qd148,
    }
}

/// 01/07/2025: the old communes and districts gave way to the 2025 list.
pub(crate) fn two_level_government() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).expect("date")
}

/// A product's place on both lists: the commune before 01/07/2025 and today's.
pub(crate) struct Places {
    /// On the old list (with its district), if known.
    pub old: Option<PlaceDto>,
    /// On the 2025 list.
    pub new: Option<PlaceDto>,
}

impl Places {
    /// The place as it was on `day` (the other list when that one is unknown).
    fn on(&self, day: NaiveDate) -> Option<&PlaceDto> {
        if day < two_level_government() {
            self.old.as_ref().or(self.new.as_ref())
        } else {
            self.new.as_ref().or(self.old.as_ref())
        }
    }
}

/// "Tỉnh Hà Tĩnh" → "UBND tỉnh Hà Tĩnh"; "Thành Phố Đồng Hới" (as some rows spell it) →
/// "UBND thành phố Đồng Hới".
fn committee(full_name: &str) -> String {
    for kind in ["thành phố ", "thị xã ", "huyện ", "quận ", "tỉnh "] {
        if full_name.to_lowercase().starts_with(kind) && full_name.is_char_boundary(kind.len()) {
            return format!("UBND {kind}{}", &full_name[kind.len()..]);
        }
    }
    let mut chars = full_name.chars();
    let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
    format!("UBND {first}{}", chars.as_str())
}

/// 01/03/2025: the agriculture ministry's new name (and decision suffix).
fn ministry_merger() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).expect("date")
}

/// The issuer's name on `on`: the ministry under its name of that day; the province as it
/// was (the old province before 01/07/2025, today's after); the district of the old list.
fn issuer_on(
    level: IssuerLevel,
    place: &PlaceDto,
    province: &admin_unit::Model,
    old_provinces: &HashMap<String, String>,
    on: NaiveDate,
) -> String {
    match level {
        IssuerLevel::Ministry => IssuerLevel::Ministry.name_on(on),
        IssuerLevel::Province if on < two_level_government() && old_provinces.contains_key(&place.province_name) => {
            committee(&old_provinces[&place.province_name])
        }
        IssuerLevel::Province => committee(&province.full_name),
        IssuerLevel::District => committee(place.district_name.as_deref().unwrap_or_default()),
    }
}

/// Builds rows in memory: decisions are shared per issuer and day, numbers run per province, year and stars.
#[derive(Default)]
struct Builder {
    decisions: HashMap<Uuid, decision::Model>,
    per_issuer: HashMap<String, u32>,
    sequences: HashMap<String, u32>,
    certificates: Vec<certificate::Model>,
    /// The provinces before 01/07/2025: name → full name ("Hà Tĩnh" → "Tỉnh Hà Tĩnh").
    old_provinces: HashMap<String, String>,
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
            let suffix = match level {
                IssuerLevel::Ministry if on < ministry_merger() => "QĐ-BNN-VPĐP",
                IssuerLevel::Ministry => "QĐ-BNNMT",
                _ => "QĐ-UBND",
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
        let issuer = issuer_on(level, place, province, &self.old_provinces, issued_on);
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
            certified_commune_id: place.commune_id.clone(),
            recorded: false,
        }
    }

    /// A certificate issued on `issued_on`, on the units of that day.
    fn dated(
        &mut self,
        key: &str,
        product: &ProductSpec,
        places: &Places,
        province: &admin_unit::Model,
        stars: u8,
        issued_on: NaiveDate,
    ) -> certificate::Model {
        let place = places.on(issued_on).expect("a product has a place").clone();
        self.certificate(key, product, &place, province, stars, issued_on)
    }

    fn add(
        &mut self,
        product: &ProductSpec,
        places: &Places,
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
                let c = self.dated(&key, product, places, province, stars, days_ago(200));
                self.certificates.push(c);
            }
            "expiring" => {
                let c = self.dated(&key, product, places, province, stars, months_ago(36, 60));
                self.certificates.push(c);
            }
            "expired" => {
                let c = self.dated(&key, product, places, province, stars, months_ago(36, -100));
                self.certificates.push(c);
            }
            "revoked" => {
                let mut c = self.dated(&key, product, places, province, stars, days_ago(400));
                // Revoked by the body that issued, under its name on the day (a former
                // district's certificate by today's province, which took over its communes).
                let on = days_ago(30);
                let level = if c.stars == 5 {
                    IssuerLevel::Ministry
                } else {
                    IssuerLevel::Province
                };
                let today_place = places.on(on).expect("a product has a place").clone();
                let issuer = issuer_on(level, &today_place, province, &self.old_provinces, on);
                c.revocation_decision_id = Some(self.decision("revoke", &issuer, level, on, None));
                c.revoked_on = Some(on);
                let grounds = RevocationGround::ALL;
                let ground = grounds[(hash64(&key) % (grounds.len() as u64 - 1)) as usize];
                c.revocation_ground = Some(ground.as_str().to_owned());
                self.certificates.push(c);
            }
            "superseded" => {
                let mut old = self.dated(&key, product, places, province, stars, months_ago(36, 20));
                let mut new = self.dated(
                    &format!("{key}/renewal"),
                    product,
                    places,
                    province,
                    stars,
                    days_ago(20),
                );
                new.origin = "renewal".to_owned();
                old.superseded_by = Some(new.id);
                old.superseded_on = Some(new.issued_on);
                self.certificates.push(old);
                self.certificates.push(new);
            }
            _ => {
                let mut c = self.dated(&key, product, places, province, stars, days_ago(300));
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
    let all_provinces = admin_unit_repo::all_provinces(conn).await?;
    let old_provinces: HashMap<String, String> = all_provinces
        .iter()
        .filter(|p| p.valid_to.is_some())
        .map(|p| (p.name.clone(), p.full_name.clone()))
        .collect();
    let provinces: HashMap<String, admin_unit::Model> = all_provinces
        .into_iter()
        .filter(|p| p.valid_to.is_none())
        .map(|p| (p.code.clone(), p))
        .collect();
    let total = chosen.len() as u64;
    let mut builder = Builder {
        old_provinces,
        ..Builder::default()
    };
    for (n, batch) in chosen.chunks(BATCH).enumerate() {
        let commune_ids: Vec<String> = batch.iter().map(|p| p.input.commune_id.clone()).collect();
        let both = both_lists(conn, &commune_ids).await?;
        for (i, product) in batch.iter().enumerate() {
            let Some(places) = both.get(&product.input.commune_id) else {
                continue;
            };
            let Some(today_place) = places.new.as_ref().or(places.old.as_ref()) else {
                continue;
            };
            let Some(province) = today_place.today_province_codes.first().and_then(|c| provinces.get(c)) else {
                continue;
            };
            let state = STATES[(n * BATCH + i) % STATES.len()];
            builder.add(product, places, province, state, today);
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

/// Each commune's place on both lists: an old commune with the first of today's communes it
/// went into, a commune of today with the first old commune that went into it.
async fn both_lists<C: ConnectionTrait>(conn: &C, ids: &[String]) -> ServiceResult<HashMap<String, Places>> {
    let recorded = places(conn, ids).await?;
    let mut counterpart: HashMap<String, String> = HashMap::new();
    let new_ids: Vec<String> = ids.iter().filter(|id| id.starts_with("2025/")).cloned().collect();
    if !new_ids.is_empty() {
        let links = admin_unit_link::Entity::find()
            .filter(admin_unit_link::Column::ToId.is_in(new_ids))
            .order_by_asc(admin_unit_link::Column::FromId)
            .all(conn)
            .await?;
        for link in links {
            if link.from_id.contains("/commune/") {
                counterpart.entry(link.to_id).or_insert(link.from_id);
            }
        }
    }
    for id in ids.iter().filter(|id| id.starts_with("pre2025/")) {
        if let Some(code) = recorded.get(id).and_then(|p| p.today_commune_codes.first()) {
            counterpart.insert(id.clone(), format!("2025/commune/{code}"));
        }
    }
    let other_ids: Vec<String> = counterpart.values().cloned().collect();
    let others = places(conn, &other_ids).await?;
    let mut out = HashMap::new();
    for id in ids {
        let this = recorded.get(id).cloned();
        let other = counterpart.get(id).and_then(|o| others.get(o)).cloned();
        let (old, new) = if id.starts_with("pre2025/") {
            (this, other)
        } else {
            (other, this)
        };
        out.insert(id.clone(), Places { old, new });
    }
    Ok(out)
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
