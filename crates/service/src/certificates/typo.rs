//! Typo tolerance for catalogue search: when the exact folded words find
//! nothing, each word that no product carries is replaced by the known word
//! within one edit (insertion, deletion, substitution or swap of two
//! neighbours) that most products carry. Words of one or two letters are
//! left alone (too many neighbours to guess from).

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

/// The terms with each unknown word (3+ letters) replaced by its most common known
/// neighbour within one edit; a word with no neighbour stays as typed.
pub fn correct_terms(terms: &[String], vocabulary: &[(String, u32)]) -> Vec<String> {
    terms
        .iter()
        .map(|term| {
            if term.chars().count() < 3 || vocabulary.iter().any(|(word, _)| word == term) {
                return term.clone();
            }
            vocabulary
                .iter()
                .filter(|(word, _)| within_one_edit(term, word))
                .max_by(|(wa, ca), (wb, cb)| ca.cmp(cb).then_with(|| wb.cmp(wa)))
                .map_or_else(|| term.clone(), |(word, _)| word.clone())
        })
        .collect()
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
    fn unknown_words_take_the_most_common_neighbour() {
        let vocabulary = vec![
            ("nuoc".to_owned(), 40),
            ("mam".to_owned(), 30),
            ("phu".to_owned(), 12),
            ("sang".to_owned(), 2),
            ("sanh".to_owned(), 1),
        ];
        let terms: Vec<String> = ["nuoc", "mam", "phu", "sag"].map(str::to_owned).to_vec();
        assert_eq!(correct_terms(&terms, &vocabulary), ["nuoc", "mam", "phu", "sang"]);
        // Known words and short words are kept; a word with no neighbour too.
        let terms: Vec<String> = ["nuoc", "ab", "xyzzy"].map(str::to_owned).to_vec();
        assert_eq!(correct_terms(&terms, &vocabulary), ["nuoc", "ab", "xyzzy"]);
    }
}
