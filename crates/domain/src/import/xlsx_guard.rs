//! A guard run on every uploaded .xlsx workbook **before** calamine opens it:
//! zip bombs (an entry that inflates far beyond what was uploaded), too many
//! entries, and sheets whose cell references would make calamine allocate a
//! huge grid (one cell at `A1` and one at `XFD1048576` is a 17-billion-cell
//! range) are refused with a field error on `file`; so are workbooks that
//! declare more than they hold or than the importer may read: calamine reserves
//! room for the shared-string table's `uniqueCount` before reading a string
//! (`uniqueCount="4294967295"` with one string asked for 103 GB and aborted the
//! process), and keeps one style per `<xf>` of `styles.xml`.
//!
//! The central directory's declared sizes are checked first, then every entry
//! is actually inflated through a counting reader that stops at the limit, so
//! a directory that lies about sizes is caught too; memory stays bounded by
//! [`MAX_ENTRY_BYTES`].

use std::io::Read;

use crate::{ErrorCode, ValidationErrors};

/// Most entries a workbook may hold.
pub const MAX_ENTRIES: usize = 500;
/// Most bytes one entry may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all entries together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 160 * 1024 * 1024;
/// Largest inflation ratio accepted for an entry over 1 MiB (sheet XML
/// compresses 5–30×; a bomb, thousands of times).
pub const MAX_RATIO: u64 = 250;
/// Most columns a sheet may reach.
pub const MAX_COLUMNS: u32 = 64;
/// Most cell formats, fonts, fills, borders or number formats `styles.xml` may
/// hold each (Excel itself stops at 64,000 cell formats).
pub const MAX_STYLES: u64 = 65_536;

/// Why a workbook was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a zip archive calamine could read.
    NotAWorkbook,
    /// Too many entries, an entry or the whole too large once inflated, or a
    /// suspicious inflation ratio.
    TooLarge,
    /// A sheet reaches beyond the row or column limit.
    TooManyCells,
    /// The shared strings declare more than they hold (`uniqueCount`), more
    /// references than the sheets have cells (`count`), or the strings or
    /// styles are more than the importer's cells could use.
    DeclaresTooMuch,
}

impl Refusal {
    /// The field failure reported to the user (on the field `file`).
    pub fn errors(self) -> ValidationErrors {
        let mut errors = ValidationErrors::new();
        errors.add(
            "file",
            match self {
                Refusal::NotAWorkbook => ErrorCode::UnsupportedMediaType,
                Refusal::TooLarge => ErrorCode::PayloadTooLarge,
                Refusal::TooManyCells => ErrorCode::TooLong,
                Refusal::DeclaresTooMuch => ErrorCode::WorkbookDeclaresTooMuch,
            },
        );
        errors
    }
}

/// Checks a workbook; `max_rows` is the importer's own row limit (the header
/// row and a little slack are allowed on top).
pub fn check(bytes: &[u8], max_rows: usize) -> Result<(), Refusal> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| Refusal::NotAWorkbook)?;
    if archive.len() > MAX_ENTRIES {
        return Err(Refusal::TooLarge);
    }
    // The declared sizes, from the central directory, before inflating anything.
    let mut declared = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|_| Refusal::NotAWorkbook)?;
        let size = entry.size();
        if size > MAX_ENTRY_BYTES || suspicious_ratio(size, entry.compressed_size()) {
            return Err(Refusal::TooLarge);
        }
        declared = declared.saturating_add(size);
    }
    if declared > MAX_TOTAL_BYTES {
        return Err(Refusal::TooLarge);
    }
    // The real sizes: inflate each entry through a capped reader.
    let max_row = u64::try_from(max_rows).unwrap_or(u64::MAX).saturating_add(10);
    let max_cells = max_row.saturating_mul(u64::from(MAX_COLUMNS));
    let mut total = 0u64;
    let mut sheet_cells = 0u64;
    let mut declared_references = None;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|_| Refusal::NotAWorkbook)?;
        let name = entry.name().map_err(|_| Refusal::NotAWorkbook)?.into_owned();
        let compressed = entry.compressed_size();
        let is_sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        // calamine reads `{workbook folder}sharedStrings.xml` and `styles.xml`.
        let is_strings = name.ends_with("sharedStrings.xml");
        let is_styles = name.ends_with("styles.xml");
        let mut content = Vec::new();
        let read = (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut content)
            .map_err(|_| Refusal::NotAWorkbook)? as u64;
        if read > MAX_ENTRY_BYTES || suspicious_ratio(read, compressed) {
            return Err(Refusal::TooLarge);
        }
        total += read;
        if total > MAX_TOTAL_BYTES {
            return Err(Refusal::TooLarge);
        }
        if is_sheet {
            sheet_cells = sheet_cells.saturating_add(check_sheet(&content, max_row)?);
        } else if is_strings {
            declared_references = check_shared_strings(&content, max_cells)?;
        } else if is_styles {
            check_styles(&content)?;
        }
    }
    // Every reference to a shared string is a cell of some sheet.
    if declared_references.is_some_and(|count| count > sheet_cells) {
        return Err(Refusal::DeclaresTooMuch);
    }
    Ok(())
}

/// Checks the shared-string table (`<sst count="…" uniqueCount="…"><si>…`):
/// `uniqueCount` may not exceed the strings actually held, and neither may
/// exceed the importer's cells. Returns the declared `count` (references from
/// cells), checked against the sheets' cells once they are all read.
fn check_shared_strings(xml: &[u8], max_cells: u64) -> Result<Option<u64>, Refusal> {
    let mut declared = None;
    let mut held = 0u64;
    for_each_tag(xml, |name, attributes| {
        match name {
            b"sst" => {
                let unique = attribute(attributes, b"uniqueCount").map(number);
                let count = attribute(attributes, b"count").map(number);
                if unique.is_some_and(|n| n > max_cells) || count.is_some_and(|n| n > max_cells) {
                    return Err(Refusal::DeclaresTooMuch);
                }
                declared = Some((unique, count));
            }
            b"si" => {
                held += 1;
                if held > max_cells {
                    return Err(Refusal::DeclaresTooMuch);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    let Some((unique, count)) = declared else {
        return Ok(None);
    };
    if unique.is_some_and(|n| n > held) {
        return Err(Refusal::DeclaresTooMuch);
    }
    Ok(count)
}

/// Checks that `styles.xml` holds at most [`MAX_STYLES`] of each kind of
/// record calamine keeps one value for.
fn check_styles(xml: &[u8]) -> Result<(), Refusal> {
    let mut counts = [0u64; 5];
    for_each_tag(xml, |name, _| {
        let kind = match name {
            b"xf" => 0,
            b"font" => 1,
            b"fill" => 2,
            b"border" => 3,
            b"numFmt" => 4,
            _ => return Ok(()),
        };
        counts[kind] += 1;
        if counts[kind] > MAX_STYLES {
            return Err(Refusal::DeclaresTooMuch);
        }
        Ok(())
    })
}

/// Calls `visit` with the local name (namespace prefix dropped; empty for an end
/// tag) and the attribute text of every tag of `xml`, stopping at the first error.
fn for_each_tag(xml: &[u8], mut visit: impl FnMut(&[u8], &[u8]) -> Result<(), Refusal>) -> Result<(), Refusal> {
    let mut at = 0;
    while let Some(offset) = find(&xml[at..], b"<") {
        let start = at + offset + 1;
        let tag_end = find(&xml[start..], b">").map_or(xml.len(), |e| start + e);
        let tag = &xml[start..tag_end];
        let name_end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        // Element names may carry a namespace prefix (`x:c`).
        let name = tag[..name_end].rsplit(|b| *b == b':').next().unwrap_or_default();
        visit(name, &tag[name_end..])?;
        at = tag_end;
    }
    Ok(())
}

fn suspicious_ratio(size: u64, compressed: u64) -> bool {
    size > 1024 * 1024 && size / compressed.max(1) > MAX_RATIO
}

/// Scans a sheet's XML for the row and cell references calamine will size
/// its grid from, and for the number of cells; returns the number of cells.
fn check_sheet(xml: &[u8], max_row: u64) -> Result<u64, Refusal> {
    let max_cells = max_row.saturating_mul(u64::from(MAX_COLUMNS));
    let mut cells = 0u64;
    for_each_tag(xml, |name, attributes| {
        match name {
            b"c" => {
                cells += 1;
                if cells > max_cells {
                    return Err(Refusal::TooManyCells);
                }
                if let Some(reference) = attribute(attributes, b"r") {
                    let letters = reference.iter().take_while(|b| b.is_ascii_alphabetic()).count();
                    let column = reference[..letters].iter().try_fold(0u32, |acc, b| {
                        acc.checked_mul(26)?
                            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
                    });
                    if column.is_none_or(|c| c > MAX_COLUMNS) || number(&reference[letters..]) > max_row {
                        return Err(Refusal::TooManyCells);
                    }
                }
            }
            b"row" => {
                if let Some(reference) = attribute(attributes, b"r")
                    && number(reference) > max_row
                {
                    return Err(Refusal::TooManyCells);
                }
            }
            // A merge or a declared dimension sizes nothing in calamine's value
            // grid; nothing to check.
            _ => {}
        }
        Ok(())
    })?;
    Ok(cells)
}

/// The value of `name="…"` among a tag's attributes.
fn attribute<'a>(attributes: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut at = 0;
    while at < attributes.len() {
        let rest = &attributes[at..];
        let eq = find(rest, b"=")?;
        let key = rest[..eq].trim_ascii();
        let quote = *rest.get(eq + 1)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = eq + 2;
        let value_len = rest[value_start..].iter().position(|b| *b == quote)?;
        if key == name {
            return Some(&rest[value_start..value_start + value_len]);
        }
        at += value_start + value_len + 1;
    }
    None
}

/// Digits as a number, saturating (anything not a digit counts as huge).
fn number(digits: &[u8]) -> u64 {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return u64::MAX;
    }
    digits
        .iter()
        .try_fold(0u64, |acc, b| acc.checked_mul(10)?.checked_add(u64::from(b - b'0')))
        .unwrap_or(u64::MAX)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn workbook(sheet: &[u8], extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(sheet).unwrap();
        for (name, bytes) in extra {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    fn sheet(cells: &str) -> Vec<u8> {
        format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>"#
        )
        .into_bytes()
    }

    #[test]
    fn an_ordinary_sheet_passes() {
        let rows: String = (1..=200)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>1</v></c><c r="I{r}"><v>4</v></c></row>"#))
            .collect();
        assert_eq!(check(&workbook(&sheet(&rows), &[]), 20_000), Ok(()));
    }

    #[test]
    fn a_zip_bomb_is_refused_before_calamine_sees_it() {
        // 100 MiB of zeros deflates to about 100 kB: a 1,000× ratio.
        let bomb = vec![0u8; 100 * 1024 * 1024];
        let bytes = workbook(&sheet(""), &[("xl/sharedStrings.xml", bomb)]);
        assert!(bytes.len() < 1024 * 1024, "the bomb is small: {}", bytes.len());
        assert_eq!(check(&bytes, 20_000), Err(Refusal::TooLarge));
    }

    #[test]
    fn a_lying_central_directory_is_caught_while_inflating() {
        let padding = vec![b'a'; 3 * 1024 * 1024];
        let mut bytes = workbook(&sheet(""), &[("xl/styles.xml", padding)]);
        // Rewrite every declared uncompressed size of the last entry to 10 bytes
        // (local header and central directory); the real inflated size is 3 MiB.
        let real = (3u32 * 1024 * 1024).to_le_bytes();
        let mut replaced = 0;
        for i in 0..bytes.len() - 4 {
            if bytes[i..i + 4] == real {
                bytes[i..i + 4].copy_from_slice(&10u32.to_le_bytes());
                replaced += 1;
            }
        }
        assert!(replaced >= 2);
        assert!(check(&bytes, 20_000).is_err());
    }

    #[test]
    fn far_away_cells_are_refused() {
        let far_row = sheet(r#"<row r="1048576"><c r="A1048576"><v>1</v></c></row>"#);
        assert_eq!(check(&workbook(&far_row, &[]), 20_000), Err(Refusal::TooManyCells));
        let far_column = sheet(r#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>"#);
        assert_eq!(check(&workbook(&far_column, &[]), 20_000), Err(Refusal::TooManyCells));
        let prefixed = sheet(r#"<x:row r="1"><x:c r="ZZZZ1"><x:v>1</x:v></x:c></x:row>"#);
        assert_eq!(check(&workbook(&prefixed, &[]), 20_000), Err(Refusal::TooManyCells));
        let garbage = sheet(r#"<row r="1"><c r="A99999999999999999999999"><v>1</v></c></row>"#);
        assert_eq!(check(&workbook(&garbage, &[]), 20_000), Err(Refusal::TooManyCells));
    }

    #[test]
    fn too_many_rows_for_the_importer_are_refused() {
        let rows: String = (1..=60)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c></row>"#))
            .collect();
        let bytes = workbook(&sheet(&rows), &[]);
        assert_eq!(check(&bytes, 100), Ok(()));
        assert_eq!(check(&bytes, 40), Err(Refusal::TooManyCells));
    }

    /// The seeds written by scripts/hostile-xlsx.py from a valid certificate import.
    fn seed(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../../fuzz/seeds/certificate_xlsx/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn shared_strings_must_hold_what_they_declare() {
        let honest = seed("shared_strings_honest.xlsx");
        assert_eq!(check(&honest, 20_000), Ok(()));
        // calamine opens the honest one (so the others differ only by their declarations).
        let book: Result<calamine::Xlsx<_>, _> = calamine::open_workbook_from_rs(std::io::Cursor::new(honest));
        assert!(book.is_ok());
        for hostile in [
            "shared_strings_4294967295.xlsx",
            "shared_strings_100000000.xlsx",
            "shared_strings_unique_lies.xlsx",
            "styles_70000_xf.xlsx",
        ] {
            assert_eq!(
                check(&seed(hostile), 20_000),
                Err(Refusal::DeclaresTooMuch),
                "{hostile}"
            );
        }
        assert_eq!(
            Refusal::DeclaresTooMuch.errors().fields[0].code,
            ErrorCode::WorkbookDeclaresTooMuch
        );
    }

    #[test]
    fn shared_string_counts_are_bounded_by_cells() {
        let strings = |count: u64, unique: u64, held: usize| {
            let items = "<si><t>a</t></si>".repeat(held);
            format!(r#"<sst xmlns="x" count="{count}" uniqueCount="{unique}">{items}</sst>"#).into_bytes()
        };
        let rows: String = (1..=5)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
            .collect();
        let book = |sst: Vec<u8>| workbook(&sheet(&rows), &[("xl/sharedStrings.xml", sst)]);
        assert_eq!(check(&book(strings(5, 3, 3)), 100), Ok(()));
        // More references than the sheets have cells.
        assert_eq!(check(&book(strings(6, 3, 3)), 100), Err(Refusal::DeclaresTooMuch));
        // More unique strings declared than held.
        assert_eq!(check(&book(strings(5, 4, 3)), 100), Err(Refusal::DeclaresTooMuch));
        // More strings held than the importer's cells ((10 + 10) × 64 = 1,280).
        assert_eq!(
            check(&book(strings(5, 1_281, 1_281)), 10),
            Err(Refusal::DeclaresTooMuch)
        );
        // Garbage counts, and no counts at all (calamine reserves nothing then).
        assert_eq!(
            check(
                &book(b"<sst count=\"-1\" uniqueCount=\"1e9\"><si/></sst>".to_vec()),
                100
            ),
            Err(Refusal::DeclaresTooMuch)
        );
        assert_eq!(check(&book(b"<x:sst><x:si/></x:sst>".to_vec()), 100), Ok(()));
    }

    #[test]
    fn not_a_zip_is_not_a_workbook() {
        assert_eq!(check(b"PK\x03\x04garbage", 10), Err(Refusal::NotAWorkbook));
        assert_eq!(check(b"", 10), Err(Refusal::NotAWorkbook));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Random bytes, and random sheet XML inside a valid zip, never panic.
        #[test]
        fn arbitrary_input_never_panics(noise in proptest::collection::vec(proptest::num::u8::ANY, 0..2048),
                                        xml in "[<>a-zA-Z0-9 =\"':/]{0,512}") {
            let _ = check(&noise, 100);
            let mut with_header = b"PK\x03\x04".to_vec();
            with_header.extend_from_slice(&noise);
            let _ = check(&with_header, 100);
            let _ = check(&workbook(xml.as_bytes(), &[]), 100);
        }
    }
}
