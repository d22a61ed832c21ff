//! A criteria set from TOML or JSON (`POST /api/v1/criteria-sets`, `ocop criteria validate`):
//! refused with a format error, or parsed and validated against the legal bases — and
//! what parses writes back as TOML and JSON that parse to the same set.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_domain::evaluation::{CriteriaSet, LegalBases};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(set) = CriteriaSet::parse(text) {
        let _ = set.validate(LegalBases::official());
        assert_eq!(CriteriaSet::parse(&set.to_toml()).expect("own TOML parses"), set);
        assert_eq!(CriteriaSet::parse(&set.to_json()).expect("own JSON parses"), set);
    }
});
