//! Typo tolerance for catalogue search: when the folded words find nothing, each
//! word that begins no word of any product is replaced by the known word within one
//! edit (insertion, deletion, substitution or swap of two neighbours) that most
//! products carry. The neighbours are generated here and counted by the word index
//! (`product_repo::word_counts`), so no vocabulary is loaded. Words of one or two
//! letters are left alone (too many neighbours to guess from).
//!
//! The work per request is bounded: words longer than [`MAX_WORD_CHARS`] are left
//! as typed (a word of n letters has about 74·n neighbours, all sent in one query),
//! and at most [`MAX_CORRECTED_WORDS`] words of a query are looked up; the query
//! itself has at most 12 words (`search_text::query_terms`).

use std::collections::BTreeSet;

use ocop_domain::text::folded_words;
use ocop_storage::ConnectionTrait;
use ocop_storage::repo::product_repo;

use crate::error::ServiceResult;

/// The characters folded words are made of.
const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// Longest word a correction is tried for (about 1,500 neighbours).
pub const MAX_WORD_CHARS: usize = 20;
/// Most words of one query a correction is tried for.
pub const MAX_CORRECTED_WORDS: usize = 3;

/// Whether `a` and `b` are at most one edit apart (Damerau–Levenshtein ≤ 1).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        1 => {
            let first = (0..short.len()).find(|&i| short[i] != long[i]).unwrap_or(short.len());
            short[first..] == long[first + 1..]
        }
        _ => false,
    }
}

/// Every word within one edit of `word` over the folded alphabet, `word` excluded.
pub fn one_edit_variants(word: &str) -> BTreeSet<String> {
    let chars: Vec<char> = word.chars().collect();
    let text = |v: &[char]| v.iter().collect::<String>();
    let mut out = BTreeSet::new();
    for i in 0..chars.len() {
        let mut deleted = chars.clone();
        deleted.remove(i);
        out.insert(text(&deleted));
        for c in ALPHABET.chars() {
            let mut substituted = chars.clone();
            substituted[i] = c;
            out.insert(text(&substituted));
        }
        if i + 1 < chars.len() {
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            out.insert(text(&swapped));
        }
    }
    for i in 0..=chars.len() {
        for c in ALPHABET.chars() {
            let mut inserted = chars.clone();
            inserted.insert(i, c);
            out.insert(text(&inserted));
        }
    }
    out.remove(word);
    out.remove("");
    out
}

/// The most common of the counted neighbours (the alphabetically first on a tie).
pub fn most_common(counts: &[(String, u32)]) -> Option<&str> {
    counts
        .iter()
        .max_by(|(wa, ca), (wb, cb)| ca.cmp(cb).then_with(|| wb.cmp(wa)))
        .map(|(word, _)| word.as_str())
}

/// The terms with each one-word term of 3+ letters that begins no product's word
/// replaced by its most common neighbour within one edit; other terms stay as typed,
/// and so do words over [`MAX_WORD_CHARS`] letters and any word after the first
/// [`MAX_CORRECTED_WORDS`] tried.
pub async fn correct_terms<C: ConnectionTrait>(conn: &C, terms: &[String]) -> ServiceResult<Vec<String>> {
    let mut corrected = Vec::with_capacity(terms.len());
    let mut tried = 0;
    for term in terms {
        let single_word = folded_words(term).into_iter().eq([term.clone()]);
        let letters = term.chars().count();
        if !single_word
            || !(3..=MAX_WORD_CHARS).contains(&letters)
            || tried == MAX_CORRECTED_WORDS
            || product_repo::begins_a_word(conn, term).await?
        {
            corrected.push(term.clone());
            continue;
        }
        tried += 1;
        let variants: Vec<String> = one_edit_variants(term).into_iter().collect();
        let counts = product_repo::word_counts(conn, &variants).await?;
        corrected.push(most_common(&counts).map_or_else(|| term.clone(), str::to_owned));
    }
    Ok(corrected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_of_any_kind_is_near_and_two_are_not() {
        assert!(within_one_edit("sag", "sang"));
        assert!(within_one_edit("sang", "sag"));
        assert!(within_one_edit("sabg", "sang"));
        assert!(within_one_edit("snag", "sang"));
        assert!(within_one_edit("sang", "sang"));
        assert!(!within_one_edit("sa", "sang"));
        assert!(!within_one_edit("sgna", "sang"));
        assert!(!within_one_edit("mam", "nuoc"));
    }

    #[test]
    fn the_variants_are_exactly_the_words_one_edit_away() {
        let variants = one_edit_variants("sag");
        for near in ["sang", "ag", "sa", "sg", "asg", "sgag", "tag", "sa9"] {
            assert!(variants.contains(near), "{near}");
        }
        assert!(!variants.contains("sag"));
        assert!(variants.iter().all(|v| within_one_edit("sag", v)));
    }

    proptest::proptest! {
        /// For words over the folded alphabet, generated neighbours and the edit test agree.
        #[test]
        fn variants_and_the_edit_test_agree(a in "[a-z0-9]{1,6}", b in "[a-z0-9]{0,7}") {
            proptest::prop_assert_eq!(one_edit_variants(&a).contains(&b), a != b && !b.is_empty() && within_one_edit(&a, &b));
        }
    }

    #[test]
    fn the_most_common_neighbour_wins_and_ties_go_to_the_first_word() {
        let counts = vec![("sanh".to_owned(), 1), ("sang".to_owned(), 2), ("tang".to_owned(), 2)];
        assert_eq!(most_common(&counts), Some("sang"));
        assert_eq!(most_common(&[]), None);
    }
}
