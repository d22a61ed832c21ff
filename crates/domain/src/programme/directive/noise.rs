//! A seeded OCR-noise generator, to measure the reader on damaged text it
//! was not written against. Deterministic from a seed (SplitMix64), pure.
//!
//! The rates in [`NoiseRates::MEASURED`] come from the two OCR seeds
//! (002, 003) against the clean one (001): in clean text 85 % of the words
//! carry a Vietnamese mark, in the OCR seeds 17 % and 21 %, so about three
//! marked words in four lose or change their marks; 2.4–2.6 % of the OCR
//! words hold a digit for a letter ("N6i", "t6 chirc"). Neither seed has a
//! number glued to its heading or a broken word often enough to count; those
//! rates are set high on purpose (the unseen directives had them).

use unicode_normalization::UnicodeNormalization;

/// How often each kind of damage happens.
#[derive(Debug, Clone, Copy)]
pub struct NoiseRates {
    /// A marked word loses all its marks ("Chương" → "Chuong").
    pub drop_marks: f64,
    /// A marked word gets another mark on one letter ("trước" → "truéc").
    pub swap_marks: f64,
    /// A word has one letter read as a digit ("nội" → "n6i").
    pub digit_for_letter: f64,
    /// A long word is broken by a space ("chương trình" → "chươ ng trình").
    pub broken_word: f64,
    /// A heading number is glued to its text ("6. Sở" → "6.Sở").
    pub glued_heading: f64,
    /// A continuation line is merged into the line before it.
    pub merged_line: f64,
}

impl NoiseRates {
    /// The rates measured from the seeds (see the module's comment).
    pub const MEASURED: Self = Self {
        drop_marks: 0.55,
        swap_marks: 0.20,
        digit_for_letter: 0.025,
        broken_word: 0.01,
        glued_heading: 0.5,
        merged_line: 0.05,
    };
}

/// SplitMix64: small, deterministic, good enough to pick damage.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn has_marks(word: &str) -> bool {
    word.nfd().any(|c| ('\u{300}'..='\u{36f}').contains(&c)) || word.contains(['đ', 'Đ'])
}

fn strip_marks(word: &str) -> String {
    word.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

/// One letter of a marked word gets another tone mark.
fn swap_mark(word: &str, rng: &mut Rng) -> String {
    const MARKS: [char; 5] = ['\u{301}', '\u{300}', '\u{303}', '\u{309}', '\u{323}'];
    let chars: Vec<char> = word.chars().collect();
    let marked: Vec<usize> = (0..chars.len()).filter(|&i| has_marks(&chars[i].to_string())).collect();
    if marked.is_empty() {
        return word.to_owned();
    }
    let at = marked[rng.below(marked.len())];
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i == at {
            out.push_str(&strip_marks(&c.to_string()));
            out.push(MARKS[rng.below(MARKS.len())]);
        } else {
            out.push(*c);
        }
    }
    out.nfc().collect()
}

fn damage_word(word: &str, rates: &NoiseRates, rng: &mut Rng) -> String {
    let mut w = word.to_owned();
    if has_marks(&w) {
        if rng.chance(rates.drop_marks) {
            w = strip_marks(&w);
        } else if rng.chance(rates.swap_marks / (1.0 - rates.drop_marks)) {
            w = swap_mark(&w, rng);
        }
    }
    let letters: Vec<char> = w.chars().collect();
    if letters.len() >= 3 && letters.iter().all(|c| c.is_alphabetic()) && rng.chance(rates.digit_for_letter) {
        let candidates: Vec<usize> = (1..letters.len())
            .filter(|&i| matches!(letters[i], 'o' | 'i' | 'a' | 's'))
            .collect();
        if !candidates.is_empty() {
            let at = candidates[rng.below(candidates.len())];
            let digit = match letters[at] {
                'o' => '6',
                'i' => '1',
                'a' => '4',
                _ => '5',
            };
            w = letters
                .iter()
                .enumerate()
                .map(|(i, c)| if i == at { digit } else { *c })
                .collect();
        }
    }
    let letters: Vec<char> = w.chars().collect();
    if letters.len() >= 5 && rng.chance(rates.broken_word) {
        let at = 2 + rng.below(letters.len() - 3);
        w = letters[..at]
            .iter()
            .chain([' '].iter())
            .chain(letters[at..].iter())
            .collect();
    }
    w
}

/// True for a line that starts a heading or bullet (kept on its own line).
fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(['-', '+', '•', '–']) || t.starts_with(|c: char| c.is_ascii_digit()) || t.is_empty()
}

/// The text with OCR-like damage, the same for the same seed.
pub fn add_noise(text: &str, seed: u64, rates: &NoiseRates) -> String {
    let mut rng = Rng(seed);
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        // Merged lines: a continuation line joins the one before.
        if !starts_block(line)
            && lines.last().is_some_and(|l: &String| !l.trim().is_empty())
            && rng.chance(rates.merged_line)
        {
            let last = lines.last_mut().expect("a line before");
            last.push(' ');
            last.push_str(line.trim());
            continue;
        }
        lines.push(line.to_owned());
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in &lines {
        let mut line = line.clone();
        // Glued heading: "6. Sở" → "6.Sở".
        let trimmed = line.trim_start();
        let digits = trimmed.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        if digits >= 2
            && trimmed[..digits].ends_with('.')
            && trimmed[digits..].starts_with(' ')
            && rng.chance(rates.glued_heading)
        {
            let lead = line.len() - trimmed.len();
            line = format!(
                "{}{}{}",
                &line[..lead],
                &trimmed[..digits],
                trimmed[digits..].trim_start()
            );
        }
        let mut word = String::new();
        for c in line.chars() {
            if c.is_alphanumeric() {
                word.push(c);
            } else {
                if !word.is_empty() {
                    out.push_str(&damage_word(&word, rates, &mut rng));
                    word.clear();
                }
                out.push(c);
            }
        }
        if !word.is_empty() {
            out.push_str(&damage_word(&word, rates, &mut rng));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "6. Sở Công Thương: chủ trì tổ chức hội chợ trước ngày 30/6/2023.\n";

    #[test]
    fn the_same_seed_gives_the_same_damage() {
        let rates = NoiseRates::MEASURED;
        assert_eq!(add_noise(LINE, 7, &rates), add_noise(LINE, 7, &rates));
        let differs = (0..20).any(|s| add_noise(LINE, s, &rates) != add_noise(LINE, s + 100, &rates));
        assert!(differs);
    }

    #[test]
    fn every_kind_of_damage_happens_at_full_rate() {
        let all = NoiseRates {
            drop_marks: 1.0,
            swap_marks: 0.0,
            digit_for_letter: 0.0,
            broken_word: 0.0,
            glued_heading: 1.0,
            merged_line: 1.0,
        };
        assert_eq!(
            add_noise(&format!("{LINE}tiếp theo\n"), 1, &all),
            "6.So Cong Thuong: chu tri to chuc hoi cho truoc ngay 30/6/2023. tiep theo\n"
        );
        let none = NoiseRates {
            drop_marks: 0.0,
            swap_marks: 0.0,
            digit_for_letter: 0.0,
            broken_word: 0.0,
            glued_heading: 0.0,
            merged_line: 0.0,
        };
        assert_eq!(add_noise(LINE, 1, &none), LINE);
    }
}
