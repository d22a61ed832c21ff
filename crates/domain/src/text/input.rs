//! The one gate typed text passes before it is kept: Unicode NFC, no control
//! characters — and the bounds of a search query.
//!
//! A NUL is accepted by SQLite and refused by PostgreSQL (so an export from one
//! could not be imported into the other), and other control characters are
//! invisible on a page or a certificate; NFD and NFC spellings of the same
//! Vietnamese word would compare unequal. Every free-text field is parsed
//! through [`clean_input`] (`producer::required_text`, `optional_text`,
//! `required_line`), and the web layer refuses control characters in any JSON,
//! form or query value before a handler runs, so nothing reaches the database
//! with one.

use unicode_normalization::UnicodeNormalization;

use crate::ErrorCode;
use crate::text::fold_query_terms;

/// Most characters a search query (`q`) may have.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words a search query may have: each word is one more subquery of the
/// intersection (SQLite refuses 500 terms of a compound SELECT, PostgreSQL's
/// parser runs out of stack near 3,000), and no product name needs more.
pub const MAX_QUERY_TERMS: usize = 12;

/// Whether a text may span lines: a multi-line field keeps line breaks and tabs
/// (carriage returns are dropped, so `\r\n` becomes `\n`); a single-line field
/// refuses them like any other control character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A name, a code: no line breaks or tabs.
    Single,
    /// A message, a note, an address: line breaks and tabs allowed.
    Multi,
}

/// Whether `c` is refused in a text of that kind: every character of the Unicode
/// category Cc (C0 controls with NUL, DEL, C1 controls), except `\n`, `\r` and
/// `\t` in multi-line text.
pub fn is_refused(c: char, lines: Lines) -> bool {
    c.is_control() && !(lines == Lines::Multi && matches!(c, '\n' | '\r' | '\t'))
}

/// The text in NFC, or [`ErrorCode::ControlCharacter`] when it holds a refused
/// control character. Surrounding whitespace is not touched (the callers trim).
///
/// ```
/// use ocop_domain::text::input::{Lines, clean_input};
/// use ocop_domain::ErrorCode;
/// assert_eq!(clean_input("Ca\u{300}", Lines::Single), Ok("Cà".to_owned()));
/// assert_eq!(clean_input("abc\u{0}def", Lines::Multi), Err(ErrorCode::ControlCharacter));
/// assert_eq!(clean_input("một\r\nhai", Lines::Multi), Ok("một\nhai".to_owned()));
/// assert_eq!(clean_input("một\nhai", Lines::Single), Err(ErrorCode::ControlCharacter));
/// ```
pub fn clean_input(text: &str, lines: Lines) -> Result<String, ErrorCode> {
    if text.chars().any(|c| is_refused(c, lines)) {
        return Err(ErrorCode::ControlCharacter);
    }
    Ok(text.chars().filter(|c| *c != '\r').nfc().collect())
}

/// The folded words of a search query, refused beyond [`MAX_QUERY_CHARS`]
/// characters ([`ErrorCode::TooLong`]), [`MAX_QUERY_TERMS`] words
/// ([`ErrorCode::TooManyTerms`]) or with a control character. No query, or a
/// blank one, is no words.
pub fn search_terms(q: Option<&str>) -> Result<Vec<String>, ErrorCode> {
    let Some(q) = q else { return Ok(Vec::new()) };
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ErrorCode::TooLong);
    }
    // A tab or line break typed or pasted into a search box is a space.
    let q = clean_input(q, Lines::Multi)?;
    let terms = fold_query_terms(&q);
    if terms.len() > MAX_QUERY_TERMS {
        return Err(ErrorCode::TooManyTerms);
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn control_characters_are_refused_and_lines_only_where_allowed() {
        for bad in ["a\u{0}b", "\u{7}", "x\u{1b}[31m", "\u{7f}", "a\u{85}b", "\u{9b}"] {
            assert_eq!(
                clean_input(bad, Lines::Multi),
                Err(ErrorCode::ControlCharacter),
                "{bad:?}"
            );
            assert_eq!(
                clean_input(bad, Lines::Single),
                Err(ErrorCode::ControlCharacter),
                "{bad:?}"
            );
        }
        assert_eq!(clean_input("a\tb\nc", Lines::Multi), Ok("a\tb\nc".to_owned()));
        for line_break in ["a\nb", "a\tb", "a\rb"] {
            assert_eq!(clean_input(line_break, Lines::Single), Err(ErrorCode::ControlCharacter));
        }
        // Not controls: a no-break space, a zero-width joiner, Vietnamese letters.
        assert_eq!(
            clean_input("Trà\u{a0}Shan\u{200d}", Lines::Single),
            Ok("Trà\u{a0}Shan\u{200d}".to_owned())
        );
    }

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Cẩm Xuyên".nfd().collect();
        assert_ne!(nfd, "Cẩm Xuyên");
        assert_eq!(clean_input(&nfd, Lines::Single).unwrap(), "Cẩm Xuyên");
    }

    #[test]
    fn search_queries_are_bounded() {
        assert_eq!(search_terms(None), Ok(vec![]));
        assert_eq!(
            search_terms(Some("  Mật ONG ")),
            Ok(vec!["mat".to_owned(), "ong".to_owned()])
        );
        let twelve = ["ong"; MAX_QUERY_TERMS].join(" ");
        assert_eq!(search_terms(Some(&twelve)).map(|t| t.len()), Ok(MAX_QUERY_TERMS));
        let thirteen = ["ong"; MAX_QUERY_TERMS + 1].join(" ");
        assert_eq!(search_terms(Some(&thirteen)), Err(ErrorCode::TooManyTerms));
        let words_501 = ["a"; 501].join(" ");
        assert_eq!(search_terms(Some(&words_501)), Err(ErrorCode::TooLong));
        let long = "ậ".repeat(MAX_QUERY_CHARS);
        assert!(search_terms(Some(&long)).is_ok());
        assert_eq!(search_terms(Some(&format!("{long}a"))), Err(ErrorCode::TooLong));
        assert_eq!(search_terms(Some(&"x".repeat(50_000))), Err(ErrorCode::TooLong));
        assert_eq!(search_terms(Some("mật\u{0}ong")), Err(ErrorCode::ControlCharacter));
        assert_eq!(
            search_terms(Some("mật\tong")),
            Ok(vec!["mat".to_owned(), "ong".to_owned()])
        );
    }

    proptest! {
        /// Whatever is accepted holds no refused character and is NFC; accepting is idempotent.
        #[test]
        fn accepted_text_is_clean_and_stable(s in any::<String>(), multi in any::<bool>()) {
            let lines = if multi { Lines::Multi } else { Lines::Single };
            if let Ok(clean) = clean_input(&s, lines) {
                prop_assert!(!clean.chars().any(|c| is_refused(c, lines)));
                prop_assert!(unicode_normalization::is_nfc(&clean));
                prop_assert_eq!(clean_input(&clean, lines), Ok(clean.clone()));
            } else {
                prop_assert!(s.chars().any(|c| is_refused(c, lines)));
            }
        }
    }
}
