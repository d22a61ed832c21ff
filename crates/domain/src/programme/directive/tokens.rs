//! Tokens of folded text, tolerant of OCR damage.
//!
//! Scanned directives lose or garble their diacritics ("Chwong trinh" for
//! "Chương trình", "N6i dung" for "Nội dung", "Thot gian" for "Thời gian").
//! Everything here works on [`fold`](crate::text::fold)ed text, and words are
//! compared with [`same_word`], which forgives one edit in words of three
//! letters or more, so clean and OCR text parse the same.

use crate::text::fold;

/// One token: a word (letters and digits) or a single punctuation character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded text of the token.
    pub text: String,
    /// Byte offset of the token in the folded string it came from.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
}

impl Token {
    /// True for a token made of ASCII digits only.
    pub fn is_number(&self) -> bool {
        !self.text.is_empty() && self.text.bytes().all(|b| b.is_ascii_digit())
    }

    /// The token as a number, if it is one.
    pub fn number(&self) -> Option<u32> {
        if self.is_number() && self.text.len() <= 6 {
            self.text.parse().ok()
        } else {
            None
        }
    }

    /// True for a word (not punctuation).
    pub fn is_word(&self) -> bool {
        self.text.chars().all(|c| c.is_ascii_alphanumeric())
    }
}

/// Folds a line and repairs the commonest OCR substitutions: currency and
/// other symbols that stand for letters, apostrophes inside words, and
/// digits inside words ("n6i" → "noi", "s6" → "so").
pub fn normalise(line: &str) -> String {
    let folded = fold(line);
    let mut mapped = String::with_capacity(folded.len());
    let chars: Vec<char> = folded.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev_alpha = i > 0 && chars[i - 1].is_ascii_alphabetic();
        let next_alpha = chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic());
        match c {
            '¢' | '€' | '£' => mapped.push('e'),
            '¥' => mapped.push('y'),
            'ø' => mapped.push('o'),
            'æ' => mapped.push('a'),
            'ß' => mapped.push('b'),
            // "ch@m" for "chậm".
            '@' if prev_alpha && next_alpha => mapped.push('a'),
            // "cu’ong", "hq1" : apostrophes and stray quotes inside a word.
            '\'' | '’' | '‘' | '`' | '´' if prev_alpha && next_alpha => {}
            '–' | '—' | '−' => mapped.push('-'),
            '“' | '”' => mapped.push('"'),
            other => mapped.push(other),
        }
    }
    // Digits inside a word that also has letters are OCR for letters.
    let mut out = String::with_capacity(mapped.len());
    for word in split_keep(&mapped) {
        let has_alpha = word.chars().any(|c| c.is_ascii_alphabetic());
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        if has_alpha && has_digit && !looks_like_code(word) {
            out.extend(word.chars().map(|c| match c {
                '0' | '6' => 'o',
                '1' => 'i',
                '4' => 'a',
                '5' => 's',
                other => other,
            }));
        } else if let Some((_, clean)) = OCR_WORDS.iter().find(|(garbled, _)| *garbled == word) {
            out.push_str(clean);
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Frequent words whose OCR forms are two edits away from the folded word
/// ("ủ" read as "ii", "ứ" as "ir" or "tr"), seen in scanned directives.
const OCR_WORDS: &[(&str, &str)] = &[
    ("chii", "chu"),
    ("chirc", "chuc"),
    ("chtrc", "chuc"),
    ("chure", "chuc"),
    ("chitc", "chuc"),
    ("ctia", "cua"),
    ("ciia", "cua"),
    ("ctiia", "cua"),
];

/// Words like "4sao" or "5s" are kept: a leading number followed by a star
/// unit is a quantity, not an OCR error.
fn looks_like_code(word: &str) -> bool {
    let suffix = word.trim_start_matches(|c: char| c.is_ascii_digit());
    suffix.len() < word.len() && matches!(suffix, "sao" | "s")
}

/// Splits into alternating runs of alphanumeric and other characters.
fn split_keep(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_word = None;
    for (i, c) in s.char_indices() {
        let w = c.is_ascii_alphanumeric();
        match in_word {
            None => in_word = Some(w),
            Some(prev) if prev != w => {
                parts.push(&s[start..i]);
                start = i;
                in_word = Some(w);
            }
            _ => {}
        }
    }
    if start < s.len() {
        parts.push(&s[start..]);
    }
    parts
}

/// Tokenises normalised text: runs of ASCII letters and digits are words,
/// every other non-space character is a token of its own.
pub fn tokenize(s: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_ascii_alphanumeric() {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start.take() {
            tokens.push(Token {
                text: s[start..i].to_owned(),
                start,
                end: i,
            });
        }
        if !c.is_whitespace() {
            tokens.push(Token {
                text: c.to_string(),
                start: i,
                end: i + c.len_utf8(),
            });
        }
    }
    if let Some(start) = word_start {
        tokens.push(Token {
            text: s[start..].to_owned(),
            start,
            end: s.len(),
        });
    }
    tokens
}

/// Levenshtein distance, bounded: stops counting past `limit`.
pub fn distance_at_most(a: &str, b: &str, limit: usize) -> bool {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > limit {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= limit
}

/// True when a text word and a pattern word are the same word, forgiving one
/// OCR edit when both have three letters or more and neither is a number.
pub fn same_word(text: &str, pattern: &str) -> bool {
    if text == pattern {
        return true;
    }
    let numeric = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    // Two-letter words OCR often damages in their vowel: "xã" → "xd", "x4"; "Sở" → "sd".
    if pattern.len() == 2 && text.len() == 2 && ["xa", "so", "te"].contains(&pattern) {
        return text.as_bytes()[0] == pattern.as_bytes()[0];
    }
    if numeric(text) || numeric(pattern) {
        return false;
    }
    if text.len() < 3 || pattern.len() < 3 {
        return false;
    }
    distance_at_most(text, pattern, 1)
}

/// Where `pattern` (plain words separated by spaces, punctuation as its own
/// word) occurs in `tokens`, starting the search at `from`: the index of the
/// first matching token and the index just past the match.
pub fn find_phrase(tokens: &[Token], pattern: &str, from: usize) -> Option<(usize, usize)> {
    let words: Vec<&str> = pattern.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || tokens.len() < words.len() {
        return None;
    }
    (from..=tokens.len() - words.len())
        .find(|&i| phrase_at(tokens, i, &words))
        .map(|i| (i, i + words.len()))
}

/// True when the words of a pattern match the tokens starting at `at`.
pub fn phrase_at(tokens: &[Token], at: usize, words: &[&str]) -> bool {
    words.len() + at <= tokens.len()
        && words
            .iter()
            .enumerate()
            .all(|(k, w)| same_word(&tokens[at + k].text, w))
}

/// True when the pattern occurs anywhere in the tokens.
pub fn contains_phrase(tokens: &[Token], pattern: &str) -> bool {
    find_phrase(tokens, pattern, 0).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_words_normalise_to_their_clean_form() {
        assert_eq!(normalise("N6i dung thuc hién"), "noi dung thuc hien");
        assert_eq!(normalise("S6: 163 /KH-UBND"), "so: 163 /kh-ubnd");
        assert_eq!(normalise("Tang cu’ong"), "tang cuong");
        assert_eq!(normalise("nghi¢p"), "nghiep");
        assert_eq!(normalise("03 sản phẩm đạt 4sao"), "03 san pham dat 4sao");
    }

    #[test]
    fn one_edit_is_forgiven_in_longer_words_only() {
        assert!(same_word("thot", "thoi"));
        assert!(same_word("bon", "don"));
        assert!(same_word("chwong", "chuong"));
        assert!(!same_word("vi", "va"));
        assert!(!same_word("thang", "thuong"));
        assert!(!same_word("2023", "2024"));
    }

    #[test]
    fn phrases_are_found_in_ocr_text() {
        let t = tokenize(&normalise("- Thot gian thuc hién: Quy 11, II1, IV nam 2023."));
        assert_eq!(find_phrase(&t, "thoi gian thuc hien", 0), Some((1, 5)));
        assert!(!contains_phrase(&t, "noi dung"));
    }
}
