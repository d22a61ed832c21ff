//! What the demo will store, before it is checked and turned into rows: the
//! same input types a person fills in, so every demo row goes through the
//! same parsing as a real one.

use std::collections::HashSet;

use ocop_domain::identifiers::TaxCode;
use ocop_domain::producer::{CertificationInput, LegalForm};
use ocop_domain::text::fold;
use uuid::Uuid;

use super::rng::Rng;
use super::words::{
    BRAND_HEAD, BRAND_TAIL, FAMILY_NAMES, GIVEN_FEMALE, GIVEN_MALE, ISSUERS, MIDDLE_FEMALE, MIDDLE_MALE,
};

/// A producer to store.
pub(crate) struct ProducerSpec {
    /// Its deterministic id.
    pub id: Uuid,
    /// Its details as typed.
    pub input: ocop_domain::producer::ProducerInput,
    /// Its certifications.
    pub certifications: Vec<CertificationInput>,
}

/// A product to store.
pub(crate) struct ProductSpec {
    /// Its deterministic id.
    pub id: Uuid,
    /// The owner's name (for the search text).
    pub producer_name: String,
    /// Its details as typed.
    pub input: ocop_domain::product::ProductInput,
}

/// Everything the demo stores besides accounts.
#[derive(Default)]
pub(crate) struct Dataset {
    /// Producers.
    pub producers: Vec<ProducerSpec>,
    /// Products.
    pub products: Vec<ProductSpec>,
}

/// Hands out identifiers that must be unique: tax codes, registration
/// numbers and GTINs.
#[derive(Default)]
pub(crate) struct Identifiers {
    tax_codes: HashSet<String>,
    registrations: u64,
    gtins: u64,
}

impl Identifiers {
    /// A valid tax code not handed out before.
    pub(crate) fn tax_code(&mut self, rng: &mut Rng) -> String {
        loop {
            let code = TaxCode::generate_valid(rng.next_u64()).as_str().to_owned();
            if self.tax_codes.insert(code.clone()) {
                return code;
            }
        }
    }

    /// A household or cooperative-group registration number such as `42A8000123`.
    pub(crate) fn registration(&mut self, province_code: &str) -> String {
        self.registrations += 1;
        format!("{province_code}A8{:06}", self.registrations)
    }

    /// A GTIN-13 with a Vietnamese (893) prefix and a valid check digit.
    pub(crate) fn gtin(&mut self) -> String {
        self.gtins += 1;
        let body = format!("893{:09}", 604_000_000 + self.gtins);
        format!("{body}{}", gs1_check_digit(&body))
    }
}

/// The GS1 mod-10 check digit of a GTIN body.
pub(crate) fn gs1_check_digit(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// A common Vietnamese full name.
pub(crate) fn person(rng: &mut Rng) -> String {
    let family = rng.weighted(FAMILY_NAMES);
    if rng.chance(50) {
        format!("{family} {} {}", rng.pick(MIDDLE_MALE), rng.pick(GIVEN_MALE))
    } else {
        format!("{family} {} {}", rng.pick(MIDDLE_FEMALE), rng.pick(GIVEN_FEMALE))
    }
}

/// A made-up two-syllable brand ("Hương Quê").
pub(crate) fn brand(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(BRAND_HEAD), rng.pick(BRAND_TAIL))
}

/// A mobile phone number.
pub(crate) fn phone(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["091", "098", "097", "086", "035", "033", "077", "083", "094", "088"]);
    format!("{prefix}{:07}", rng.below(10_000_000))
}

/// An e-mail address for a brand (`lienhe@huongque.vn`).
pub(crate) fn email(brand: &str) -> String {
    let slug: String = fold(brand).chars().filter(char::is_ascii_alphanumeric).collect();
    format!("lienhe@{slug}.vn")
}

/// The legal form of a published producer name, from its prefix, with the
/// enterprise sub-type.
pub(crate) fn legal_form_of(name: &str) -> (LegalForm, Option<&'static str>) {
    let n = fold(name);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| n.starts_with(p));
    if starts(&["cong ty tnhh mtv", "cong ty tnhh mot thanh vien"]) {
        (LegalForm::Enterprise, Some("llc_single_member"))
    } else if starts(&["cong ty tnhh"]) || n.ends_with("co ltd") {
        (LegalForm::Enterprise, Some("llc_multi_member"))
    } else if starts(&["cong ty cp", "cong ty co phan"]) || n.contains("joint stock") {
        (LegalForm::Enterprise, Some("joint_stock"))
    } else if starts(&["doanh nghiep tu nhan"]) {
        (LegalForm::Enterprise, Some("private"))
    } else if starts(&["htx", "hop tac xa"]) {
        (LegalForm::Cooperative, None)
    } else if starts(&["to hop tac"]) {
        (LegalForm::CooperativeGroup, None)
    } else if starts(&["ho ", "co so"]) {
        (LegalForm::HouseholdBusiness, None)
    } else {
        (LegalForm::Enterprise, Some("llc_multi_member"))
    }
}

/// Fills in the registration fields a legal form requires.
pub(crate) fn registration_fields(
    form: LegalForm,
    province_code: &str,
    ids: &mut Identifiers,
    rng: &mut Rng,
) -> (Option<String>, Option<String>) {
    match form {
        LegalForm::Enterprise | LegalForm::Cooperative => (Some(ids.tax_code(rng)), None),
        LegalForm::CooperativeGroup | LegalForm::HouseholdBusiness => (None, Some(ids.registration(province_code))),
    }
}

/// The usual title of a legal representative.
pub(crate) fn representative_title(form: LegalForm) -> &'static str {
    match form {
        LegalForm::Enterprise | LegalForm::Cooperative => "Giám đốc",
        LegalForm::CooperativeGroup => "Tổ trưởng",
        LegalForm::HouseholdBusiness => "Chủ hộ",
    }
}

/// Zero to two certifications; about one in six is expired and one in six
/// expires within 90 days of `today`.
pub(crate) fn certifications(rng: &mut Rng, today: chrono::NaiveDate, serial: &mut u64) -> Vec<CertificationInput> {
    const KINDS: &[(&str, u32)] = &[
        ("vietgap", 30),
        ("food_safety_eligibility", 25),
        ("haccp", 12),
        ("iso22000", 12),
        ("organic", 10),
        ("globalgap", 5),
        ("iso9001", 6),
    ];
    let count = match rng.below(100) {
        0..=59 => 0,
        60..=89 => 1,
        _ => 2,
    };
    let mut kinds: Vec<&str> = Vec::new();
    for _ in 0..count {
        let kind = *rng.weighted(KINDS);
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
        .into_iter()
        .map(|kind| {
            *serial += 1;
            let expires = today
                + chrono::Duration::days(match rng.below(6) {
                    0 => -rng.between(1, 400),
                    1 => rng.between(1, 89),
                    _ => rng.between(120, 1000),
                });
            CertificationInput {
                kind: kind.to_owned(),
                label: None,
                number: Some(format!("{}-{:06}", kind.to_uppercase().replace('_', ""), serial)),
                // The department under its name on the day of issue (renamed in 2025).
                issuer: Some(match *rng.pick(ISSUERS) {
                    "Sở Nông nghiệp và Môi trường" => {
                        ocop_domain::certificate::department_name_on(expires - chrono::Duration::days(1095)).to_owned()
                    }
                    other => other.to_owned(),
                }),
                issued_on: Some(expires - chrono::Duration::days(1095)),
                expires_on: Some(expires),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_domain::identifiers::{Gtin, PhoneNumber, RegistrationNumber};

    #[test]
    fn generated_identifiers_are_valid_and_unique() {
        let mut ids = Identifiers::default();
        let mut rng = Rng::new(1);
        let codes: HashSet<String> = (0..500).map(|_| ids.tax_code(&mut rng)).collect();
        assert_eq!(codes.len(), 500);
        assert!(codes.iter().all(|c| TaxCode::parse(c).is_ok()));
        let gtins: HashSet<String> = (0..500).map(|_| ids.gtin()).collect();
        assert_eq!(gtins.len(), 500);
        assert!(gtins.iter().all(|g| Gtin::parse(g).is_ok()), "{gtins:?}");
        assert!(RegistrationNumber::parse(&ids.registration("42")).is_ok());
        assert!((0..100).all(|_| PhoneNumber::parse(&phone(&mut rng)).is_ok()));
    }

    #[test]
    fn legal_forms_follow_the_name() {
        assert_eq!(legal_form_of("Công ty TNHH Trà Vinh FARM").1, Some("llc_multi_member"));
        assert_eq!(
            legal_form_of("Công ty TNHH MTV Trapaco Sapa").1,
            Some("llc_single_member")
        );
        assert_eq!(legal_form_of("Công ty CP Kim Bôi").1, Some("joint_stock"));
        assert_eq!(legal_form_of("HTX măng lục trúc MTQ").0, LegalForm::Cooperative);
        assert_eq!(legal_form_of("Hợp tác xã chè Hảo Đạt").0, LegalForm::Cooperative);
        assert_eq!(legal_form_of("Tổ hợp tác nuôi ong").0, LegalForm::CooperativeGroup);
        assert_eq!(legal_form_of("Cơ sở Phú Sang").0, LegalForm::HouseholdBusiness);
        assert_eq!(
            legal_form_of("ECOHOST Consulting and Investment Joint Stock Company").1,
            Some("joint_stock")
        );
    }
}
