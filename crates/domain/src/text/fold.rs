//! Accent folding: the one normalisation behind every search.
//!
//! A person searching for "cam xuyen" must find "Cẩm Xuyên", whatever the
//! keyboard, the Unicode form (NFC or NFD) or the letter case used on either
//! side. Stored search columns hold `fold(name)`; queries are folded the same way.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `s` for accent- and case-insensitive search.
///
/// Steps: compatibility decomposition (NFKD, so NFC and NFD input behave the
/// same and full-width or ligature letters become plain ones), lower-casing,
/// removal of every combining mark (Vietnamese tone and vowel marks), `đ`/`Đ`
/// to `d`, then runs of whitespace collapsed to one space and the ends trimmed.
///
/// `Ð` (U+00D0, Latin eth) is folded to `d` as well: it looks exactly like `Đ`
/// (U+0110) and old keyboard layouts and encoding converters often produce it.
///
/// ```
/// use ocop_domain::text::fold;
/// assert_eq!(fold("  CẨM   Xuyên "), "cam xuyen");
/// assert_eq!(fold("Đồng Tháp"), "dong thap");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A space is written only between two non-space characters, so runs
    // collapse and both ends come out trimmed.
    let mut pending_space = false;
    for c in s
        .nfkd()
        .flat_map(char::to_lowercase)
        // Lower-casing can produce marks or compatibility characters again
        // (`İ` → `i` + U+0307), so decompose once more before stripping.
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
    {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(match c {
            'đ' | 'ð' => 'd',
            other => other,
        });
    }
    out
}

/// Splits a search query into folded terms; empty terms are dropped.
///
/// ```
/// use ocop_domain::text::fold_query_terms;
/// assert_eq!(fold_query_terms(" Mật  ong "), vec!["mat", "ong"]);
/// ```
pub fn fold_query_terms(q: &str) -> Vec<String> {
    fold(q)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// True when every term occurs somewhere in `haystack_folded`.
///
/// `haystack_folded` must already be the output of [`fold`] and `terms` the
/// output of [`fold_query_terms`]; no folding happens here so that a search
/// over many rows folds each row once. No terms matches everything.
pub fn folded_contains_all(haystack_folded: &str, terms: &[String]) -> bool {
    terms.iter().all(|t| haystack_folded.contains(t.as_str()))
}

/// The words of a folded text: its maximal runs of letters and digits, each once.
/// A search index stores a text under these; a query term matches a word it begins.
///
/// ```
/// use ocop_domain::text::{fold, folded_words};
/// let words: Vec<String> = folded_words(&fold("Nước mắm Phú Sang | I.4.a")).into_iter().collect();
/// assert_eq!(words, ["4", "a", "i", "mam", "nuoc", "phu", "sang"]);
/// ```
pub fn folded_words(folded: &str) -> std::collections::BTreeSet<String> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    /// Every Vietnamese letter, lower case, precomposed (NFC).
    const VI_LOWER: &str = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";

    #[test]
    fn the_four_spellings_of_cam_xuyen_agree() {
        let nfd: String = "Cẩm Xuyên".nfd().collect();
        assert_ne!(nfd, "Cẩm Xuyên", "the test needs a really decomposed input");
        for s in ["cam xuyen", "Cẩm Xuyên", "CẨM XUYÊN", nfd.as_str()] {
            assert_eq!(fold(s), "cam xuyen", "input {s:?}");
        }
    }

    #[test]
    fn d_with_stroke_and_eth_become_d() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("đường"), "duong");
        assert_eq!(fold("\u{d0}ỒNG"), "dong");
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(fold("\t Hà \u{a0}\n Nội  "), "ha noi");
        assert_eq!(fold("   "), "");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn compatibility_forms_fold_to_plain_letters() {
        assert_eq!(fold("ＯＣＯＰ"), "ocop");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn every_vietnamese_letter_folds_to_ascii() {
        let folded = fold(VI_LOWER);
        assert!(folded.chars().all(|c| c.is_ascii_lowercase()), "{folded}");
        assert_eq!(folded.chars().count(), VI_LOWER.chars().count());
    }

    #[test]
    fn query_terms_are_folded_and_split() {
        assert_eq!(fold_query_terms("  Mật ONG   rừng "), vec!["mat", "ong", "rung"]);
        assert!(fold_query_terms(" \t ").is_empty());
    }

    #[test]
    fn contains_all_requires_every_term() {
        let hay = fold("Mật ong rừng U Minh Hạ");
        assert!(folded_contains_all(&hay, &fold_query_terms("minh mật")));
        assert!(!folded_contains_all(&hay, &fold_query_terms("minh sữa")));
        assert!(folded_contains_all(&hay, &[]));
    }

    fn vi_text() -> impl Strategy<Value = String> {
        let letters: Vec<char> = VI_LOWER.chars().chain(" \t.-0123456789".chars()).collect();
        proptest::collection::vec(proptest::sample::select(letters), 0..24).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn nfc_and_nfd_fold_alike(s in any::<String>()) {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&nfc), fold(&nfd));
        }

        #[test]
        fn case_does_not_matter_for_vietnamese(s in vi_text()) {
            prop_assert_eq!(fold(&s.to_uppercase()), fold(&s));
        }

        #[test]
        fn vietnamese_folds_to_plain_ascii(s in vi_text()) {
            let f = fold(&s);
            prop_assert!(f.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".- ".contains(c)), "{:?}", f);
        }

        #[test]
        fn output_is_clean(s in any::<String>()) {
            let f = fold(&s);
            prop_assert!(!f.chars().any(is_combining_mark));
            prop_assert!(!f.contains('đ') && !f.contains('Đ'));
            prop_assert!(!f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "));
            prop_assert!(f.chars().all(|c| c == ' ' || !c.is_whitespace()));
        }

        #[test]
        fn fold_of_a_substring_is_found_in_the_fold(s in any::<String>(), a in 0usize..32, b in 0usize..32) {
            let chars: Vec<char> = s.chars().collect();
            let (lo, hi) = (a.min(b).min(chars.len()), a.max(b).min(chars.len()));
            let sub: String = chars[lo..hi].iter().collect();
            prop_assert!(fold(&s).contains(&fold(&sub)));
            prop_assert!(folded_contains_all(&fold(&s), &fold_query_terms(&sub)));
        }
    }
}
