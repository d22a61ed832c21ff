//! Vietnamese collation (thứ tự chữ cái tiếng Việt) with ICU4X.
//!
//! Vietnamese orders base letters `a ă â b c d đ e ê g h i k l m n o ô ơ p q r
//! s t u ư v x y`, then tone marks (unmarked, huyền, hỏi, ngã, sắc, nặng), then
//! case. Byte or code-point order gets this wrong ("Đà Nẵng" would follow "Yên
//! Bái"), so every list shown to a person is sorted here.
//!
//! The database cannot call ICU, so it orders by a stored [`sort_key_vi`]
//! column: its plain byte order equals [`compare_vi`].

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use icu_locale_core::locale;

/// Names the algorithm and data behind [`sort_key_vi`].
///
/// Stored sort keys are only valid for the ICU4X version and CLDR data that
/// produced them. Store this next to the keys and recompute every key when it
/// changes; change it whenever `icu_collator` is upgraded.
pub const SORT_KEY_SCHEME: &str = "icu4x-collator-2.4/vi/tertiary";

/// The Vietnamese collator, built once from the compiled CLDR data.
fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        let prefs = CollatorPreferences::from(&locale!("vi"));
        // Compiled data for `vi` is part of the binary; failure is a build defect.
        CollatorBorrowed::try_new(prefs, CollatorOptions::default()).expect("compiled collation data for vi")
    })
}

/// Compares two strings in Vietnamese alphabetical order.
///
/// Strings that differ only in Unicode form (NFC versus NFD) compare `Equal`.
///
/// ```
/// use std::cmp::Ordering;
/// use ocop_domain::text::compare_vi;
/// assert_eq!(compare_vi("Dương", "Đồng Nai"), Ordering::Less);
/// ```
pub fn compare_vi(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// Sorts `items` in Vietnamese order of `key`; the sort is stable.
pub fn sort_vi_by<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    let collator = collator();
    items.sort_by(|x, y| collator.compare(key(x), key(y)));
}

/// A byte string whose byte order (memcmp) is the Vietnamese order of [`compare_vi`].
///
/// Store it in a binary column beside the text and `ORDER BY` it to sort and
/// paginate in Vietnamese order inside the database. Keys are comparable only
/// with keys of the same [`SORT_KEY_SCHEME`].
pub fn sort_key_vi(s: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(s.len() * 3);
    match collator().write_sort_key_to(s, &mut key) {
        Ok(()) => key,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        sort_vi_by(&mut v, String::as_str);
        v
    }

    #[test]
    fn provinces_sort_in_vietnamese_alphabet_order() {
        let input = [
            "Đà Nẵng",
            "Hà Nội",
            "Êm",
            "An Giang",
            "Dương",
            "Âu",
            "Cà Mau",
            "Ăn",
            "Bắc Ninh",
        ];
        let expected = [
            "An Giang",
            "Ăn",
            "Âu",
            "Bắc Ninh",
            "Cà Mau",
            "Dương",
            "Đà Nẵng",
            "Êm",
            "Hà Nội",
        ];
        assert_eq!(sorted(&input), expected);
    }

    #[test]
    fn dong_nai_falls_between_duong_and_gia_lai() {
        assert_eq!(compare_vi("Dương", "Đồng Nai"), Ordering::Less);
        assert_eq!(compare_vi("Đồng Nai", "Gia Lai"), Ordering::Less);
        assert_eq!(
            sorted(&["Gia Lai", "Đồng Nai", "Dương"]),
            ["Dương", "Đồng Nai", "Gia Lai"]
        );
    }

    #[test]
    fn base_letters_follow_the_vietnamese_alphabet() {
        let alphabet = [
            "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q",
            "r", "s", "t", "u", "ư", "v", "x", "y",
        ];
        for pair in alphabet.windows(2) {
            assert_eq!(
                compare_vi(pair[0], pair[1]),
                Ordering::Less,
                "{} < {}",
                pair[0],
                pair[1]
            );
            assert!(
                sort_key_vi(pair[0]) < sort_key_vi(pair[1]),
                "key {} < {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn tones_order_unmarked_huyen_hoi_nga_sac_nang() {
        let tones = ["ma", "mà", "mả", "mã", "má", "mạ"];
        for pair in tones.windows(2) {
            assert_eq!(
                compare_vi(pair[0], pair[1]),
                Ordering::Less,
                "{} < {}",
                pair[0],
                pair[1]
            );
        }
        // Tone is secondary: the base letters decide first.
        assert_eq!(compare_vi("mạ", "mb"), Ordering::Less);
    }

    #[test]
    fn case_is_tertiary() {
        assert_eq!(compare_vi("hà nội", "Hà Nội"), Ordering::Less);
        // Case decides only when letters and tones tie: the tone of "à" < "ả" wins.
        assert_eq!(compare_vi("Hà Nội", "hả nội"), Ordering::Less);
        assert_eq!(compare_vi("HÀ NỘI", "hả nội"), Ordering::Less);
    }

    #[test]
    fn nfc_and_nfd_compare_equal() {
        let nfd: String = "Cẩm Xuyên".nfd().collect();
        assert_eq!(compare_vi("Cẩm Xuyên", &nfd), Ordering::Equal);
        assert_eq!(sort_key_vi("Cẩm Xuyên"), sort_key_vi(&nfd));
    }

    #[test]
    fn sort_keys_order_a_list_like_the_collator() {
        let names = [
            "Yên Bái",
            "Đắk Lắk",
            "Đắk Nông",
            "Hà Tĩnh",
            "Hà Giang",
            "Hải Phòng",
            "Hậu Giang",
            "An Giang",
            "Ân Thi",
        ];
        let mut by_key: Vec<&str> = names.to_vec();
        by_key.sort_by_key(|s| sort_key_vi(s));
        let mut by_collator: Vec<&str> = names.to_vec();
        sort_vi_by(&mut by_collator, |s| s);
        assert_eq!(by_key, by_collator);
        assert_eq!(by_key.first(), Some(&"An Giang"));
        assert_eq!(by_key.last(), Some(&"Yên Bái"));
    }

    fn vi_ish() -> impl Strategy<Value = String> {
        let chars: Vec<char> = "aAàÀảãáạăĂằắặâÂấậbcdDđĐeèéêÊếệghiíkmnoóôồơỜớpqrstuúưừựvxyýỹ 0129-."
            .chars()
            .collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..12).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn sort_key_order_equals_collator_order(a in vi_ish(), b in vi_ish()) {
            prop_assert_eq!(sort_key_vi(&a).cmp(&sort_key_vi(&b)), compare_vi(&a, &b), "{:?} vs {:?}", a, b);
        }

        #[test]
        fn sort_key_order_equals_collator_order_for_nfd(a in vi_ish(), b in vi_ish()) {
            let a: String = a.nfd().collect();
            prop_assert_eq!(sort_key_vi(&a).cmp(&sort_key_vi(&b)), compare_vi(&a, &b));
        }

        #[test]
        fn compare_is_antisymmetric(a in vi_ish(), b in vi_ish()) {
            prop_assert_eq!(compare_vi(&a, &b), compare_vi(&b, &a).reverse());
        }
    }
}
