//! A bounded random smoke over the criteria importer (TOML and JSON), standing
//! in for a fuzz target on the stable toolchain: the shipped QĐ 1048 sheet,
//! damaged at random (bytes flipped, cut short, spliced), must parse or be
//! refused with a `FormatError`, and when it parses, validation must answer
//! with problems or `Ok` — never panic. Undamaged, it round-trips exactly.

use ocop_domain::evaluation::{CriteriaSet, LegalBases};
use proptest::prelude::*;

fn shipped() -> (String, String) {
    let set = CriteriaSet::qd1048_fresh_produce();
    (set.to_toml(), set.to_json())
}

fn damage(text: &str, edits: &[(usize, u8)], cut: Option<usize>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (at, byte) in edits {
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = *byte;
        }
    }
    if let Some(cut) = cut {
        bytes.truncate(cut % (bytes.len() + 1));
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn the_shipped_sheet_round_trips_through_both_formats() {
    let set = CriteriaSet::qd1048_fresh_produce();
    let (toml, json) = shipped();
    assert_eq!(CriteriaSet::parse(&toml).unwrap(), set);
    assert_eq!(CriteriaSet::parse(&json).unwrap(), set);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn damaged_sheets_are_refused_or_validated_never_a_panic(
        edits in proptest::collection::vec((any::<usize>(), prop_oneof![
            Just(b'"'), Just(b'['), Just(b']'), Just(b'{'), Just(b'}'), Just(b'='), Just(b','),
            Just(b'\n'), Just(b'0'), Just(b'9'), Just(b'-'), Just(b'.'), Just(b'x'), Just(0xC3),
        ]), 0..6),
        cut in proptest::option::of(any::<usize>()),
        json in any::<bool>(),
    ) {
        let (toml_text, json_text) = shipped();
        let text = damage(if json { &json_text } else { &toml_text }, &edits, cut);
        if let Ok(set) = CriteriaSet::parse(&text) {
            let _ = set.validate(LegalBases::official());
            let again = CriteriaSet::parse(&set.to_toml()).expect("what parsed, serialises and parses again");
            prop_assert_eq!(again, set);
        }
    }

    #[test]
    fn arbitrary_text_is_refused_or_validated(text in "\\PC{0,400}") {
        if let Ok(set) = CriteriaSet::parse(&text) {
            let _ = set.validate(LegalBases::official());
        }
    }
}
