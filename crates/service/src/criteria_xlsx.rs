//! Criteria sets as .xlsx workbooks: one row per option (columns in
//! docs/CRITERIA_XLSX.md), read with row-level errors and written in the same shape, so
//! an exported set imports back to the same set.
//!
//! Sheet `criteria` (the first sheet when no sheet has that name), header in row 1:
//! `part, part_name, part_max, group, group_name, group_max, criterion, criterion_name,
//! criterion_max, mandatory_star, mandatory_points, disqualifier, option, option_text,
//! points, evidence`. The names, maxima, mandatory requirement and evidence of a part,
//! group or criterion are read from its first row. A row with `disqualifier` set (`x`, `1`,
//! `true`, `có`) is a disqualifying condition: `option` is its code, `option_text` its text.
//! Sheet `set`: `key, value` rows for `legal_basis`, `product_sets` (separated by `;`),
//! `title` and `sample` (`true`/`false`).
//!
//! Every workbook passes [`crate::xlsx::check`] before calamine opens it.

use std::io::Write as _;

use calamine::{Data, Reader, Xlsx};
use ocop_domain::evaluation::criteria::{Criterion, CriterionOption, Disqualifier, Group, Mandatory, Part};
use ocop_domain::evaluation::{CriteriaSet, Points, Stars};
use ocop_domain::{ErrorCode, ValidationErrors};

/// Most option rows a workbook may hold.
pub const MAX_ROWS: usize = 5_000;

/// The columns of the `criteria` sheet, in order.
pub const COLUMNS: [&str; 16] = [
    "part",
    "part_name",
    "part_max",
    "group",
    "group_name",
    "group_max",
    "criterion",
    "criterion_name",
    "criterion_max",
    "mandatory_star",
    "mandatory_points",
    "disqualifier",
    "option",
    "option_text",
    "points",
    "evidence",
];

/// True when the bytes look like a zip archive (an .xlsx workbook).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Empty => String::new(),
        other => other.to_string().trim().to_owned(),
    }
}

fn points(text: &str) -> Result<Points, ErrorCode> {
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    text.replace(',', ".")
        .parse::<f64>()
        .ok()
        .and_then(Points::from_decimal)
        .ok_or(ErrorCode::InvalidNumber)
}

fn truthy(text: &str) -> bool {
    matches!(
        ocop_domain::text::fold(text).as_str(),
        "x" | "1" | "true" | "co" | "yes"
    )
}

struct Sheet {
    /// (row number as Excel shows it, cells by column name).
    rows: Vec<(usize, Vec<(String, String)>)>,
}

impl Sheet {
    fn read(range: &calamine::Range<Data>) -> Sheet {
        let start = range.start().map_or(0, |(r, _)| r as usize);
        let mut lines = range.rows();
        let header: Vec<String> = lines
            .next()
            .map(|r| r.iter().map(|c| cell_text(c).to_lowercase()).collect())
            .unwrap_or_default();
        let rows = lines
            .enumerate()
            .filter(|(_, cells)| !cells.iter().all(|c| cell_text(c).is_empty()))
            .map(|(i, cells)| {
                let named = header.iter().cloned().zip(cells.iter().map(cell_text)).collect();
                (start + i + 2, named)
            })
            .collect();
        Sheet { rows }
    }
}

fn get<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    row.iter()
        .find(|(name, _)| name == column)
        .map_or("", |(_, value)| value.as_str())
}

/// Reads a criteria set from an .xlsx workbook. Errors name the row and column
/// (`rows[7].points`) or the `set` sheet's key (`set.title`); the set is not validated
/// against its legal basis here (that is [`CriteriaSet::validate`]).
pub fn parse(bytes: &[u8]) -> Result<CriteriaSet, ValidationErrors> {
    crate::xlsx::check(bytes, MAX_ROWS).map_err(crate::xlsx::Refusal::errors)?;
    let unreadable = || {
        let mut errors = ValidationErrors::new();
        errors.add("file", ErrorCode::UnsupportedMediaType);
        errors
    };
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let names = workbook.sheet_names();
    let criteria_name = names
        .iter()
        .find(|n| n.as_str() == "criteria")
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(unreadable)?;
    let set_name = names.iter().find(|n| n.as_str() == "set").cloned();
    let criteria = Sheet::read(&workbook.worksheet_range(&criteria_name).map_err(|_| unreadable())?);
    let mut errors = ValidationErrors::new();
    let mut set = CriteriaSet {
        legal_basis: String::new(),
        product_sets: Vec::new(),
        title: String::new(),
        sample: false,
        parts: Vec::new(),
        disqualifiers: Vec::new(),
    };
    match set_name {
        Some(name) => {
            let meta = Sheet::read(&workbook.worksheet_range(&name).map_err(|_| unreadable())?);
            for (_, row) in &meta.rows {
                let value = get(row, "value").to_owned();
                match get(row, "key") {
                    "legal_basis" => set.legal_basis = value,
                    "title" => set.title = value,
                    "product_sets" => {
                        set.product_sets = value
                            .split(';')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_owned)
                            .collect();
                    }
                    "sample" => set.sample = truthy(&value),
                    _ => {}
                }
            }
        }
        None => errors.add("set", ErrorCode::Required),
    }
    for (key, empty) in [
        ("set.legal_basis", set.legal_basis.is_empty()),
        ("set.title", set.title.is_empty()),
        ("set.product_sets", set.product_sets.is_empty()),
    ] {
        if empty {
            errors.add(key, ErrorCode::Required);
        }
    }
    if criteria.rows.len() > MAX_ROWS {
        errors.add("file", ErrorCode::TooLong);
        return Err(errors);
    }
    for (line, row) in &criteria.rows {
        read_row(&mut set, &mut errors, *line, row);
    }
    if set.parts.is_empty() && errors.is_empty() {
        errors.add("rows", ErrorCode::Required);
    }
    errors.into_result().map(|()| set)
}

fn read_row(set: &mut CriteriaSet, errors: &mut ValidationErrors, line: usize, row: &[(String, String)]) {
    let field = |column: &str| format!("rows[{line}].{column}");
    let required = |errors: &mut ValidationErrors, column: &str| -> Option<String> {
        let value = get(row, column);
        if value.is_empty() {
            errors.add(&field(column), ErrorCode::Required);
            None
        } else {
            Some(value.to_owned())
        }
    };
    let number = |errors: &mut ValidationErrors, column: &str| errors.check(&field(column), points(get(row, column)));
    if truthy(get(row, "disqualifier")) {
        let code = required(errors, "option");
        let text = required(errors, "option_text");
        if let (Some(code), Some(text)) = (code, text) {
            set.disqualifiers.push(Disqualifier { code, text });
        }
        return;
    }
    let (Some(part_code), Some(group_code), Some(criterion_code)) = (
        required(errors, "part"),
        required(errors, "group"),
        required(errors, "criterion"),
    ) else {
        return;
    };
    let option_text = required(errors, "option_text");
    let option_points = number(errors, "points");
    let part_index = match set.parts.iter().position(|p| p.code == part_code) {
        Some(i) => i,
        None => {
            let name = required(errors, "part_name");
            let max = number(errors, "part_max");
            let (Some(name), Some(max)) = (name, max) else { return };
            set.parts.push(Part {
                code: part_code,
                name,
                max,
                groups: Vec::new(),
            });
            set.parts.len() - 1
        }
    };
    let part = &mut set.parts[part_index];
    let group_index = match part.groups.iter().position(|g| g.code == group_code) {
        Some(i) => i,
        None => {
            let name = required(errors, "group_name");
            let max = number(errors, "group_max");
            let (Some(name), Some(max)) = (name, max) else { return };
            part.groups.push(Group {
                code: group_code,
                name,
                max,
                criteria: Vec::new(),
            });
            part.groups.len() - 1
        }
    };
    let group = &mut part.groups[group_index];
    let criterion_index = match group.criteria.iter().position(|c| c.code == criterion_code) {
        Some(i) => i,
        None => {
            let name = required(errors, "criterion_name");
            let max = number(errors, "criterion_max");
            let star = get(row, "mandatory_star");
            let mandatory = if star.is_empty() {
                None
            } else {
                let stars = errors.check(
                    &field("mandatory_star"),
                    star.parse::<u8>()
                        .ok()
                        .and_then(Stars::new)
                        .ok_or(ErrorCode::InvalidStars),
                );
                let min_points = number(errors, "mandatory_points");
                match (stars, min_points) {
                    (Some(min_star), Some(min_points)) => Some(Mandatory { min_star, min_points }),
                    _ => return,
                }
            };
            let evidence = get(row, "evidence")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            let (Some(name), Some(max)) = (name, max) else { return };
            group.criteria.push(Criterion {
                code: criterion_code,
                name,
                max,
                options: Vec::new(),
                mandatory,
                evidence,
            });
            group.criteria.len() - 1
        }
    };
    if let (Some(text), Some(points)) = (option_text, option_points) {
        group.criteria[criterion_index]
            .options
            .push(CriterionOption { text, points });
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

enum Cell {
    Text(String),
    Number(Points),
    Empty,
}

fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn sheet_xml(rows: &[Vec<Cell>]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, cells) in rows.iter().enumerate() {
        let r = r + 1;
        xml.push_str(&format!(r#"<row r="{r}">"#));
        for (c, cell) in cells.iter().enumerate() {
            let reference = format!("{}{r}", column_letter(c));
            match cell {
                Cell::Text(text) if !text.is_empty() => xml.push_str(&format!(
                    r#"<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    escape(text)
                )),
                Cell::Number(points) => xml.push_str(&format!(r#"<c r="{reference}"><v>{points}</v></c>"#)),
                Cell::Text(_) | Cell::Empty => {}
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// Writes a set as an .xlsx workbook in the shape [`parse`] reads.
pub fn write(set: &CriteriaSet) -> Vec<u8> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let mut rows: Vec<Vec<Cell>> = vec![COLUMNS.iter().map(|c| text(c)).collect()];
    for part in &set.parts {
        for group in &part.groups {
            for criterion in &group.criteria {
                for (i, option) in criterion.options.iter().enumerate() {
                    let (star, min_points) = match criterion.mandatory {
                        Some(m) => (Cell::Text(m.min_star.get().to_string()), Cell::Number(m.min_points)),
                        None => (Cell::Empty, Cell::Empty),
                    };
                    rows.push(vec![
                        text(&part.code),
                        text(&part.name),
                        Cell::Number(part.max),
                        text(&group.code),
                        text(&group.name),
                        Cell::Number(group.max),
                        text(&criterion.code),
                        text(&criterion.name),
                        Cell::Number(criterion.max),
                        star,
                        min_points,
                        Cell::Empty,
                        Cell::Text((i + 1).to_string()),
                        text(&option.text),
                        Cell::Number(option.points),
                        text(&criterion.evidence.join("\n")),
                    ]);
                }
            }
        }
    }
    for disqualifier in &set.disqualifiers {
        let mut row: Vec<Cell> = (0..COLUMNS.len()).map(|_| Cell::Empty).collect();
        row[11] = text("x");
        row[12] = text(&disqualifier.code);
        row[13] = text(&disqualifier.text);
        rows.push(row);
    }
    let meta = vec![
        vec![text("key"), text("value")],
        vec![text("legal_basis"), text(&set.legal_basis)],
        vec![text("product_sets"), text(&set.product_sets.join("; "))],
        vec![text("title"), text(&set.title)],
        vec![text("sample"), text(if set.sample { "true" } else { "false" })],
    ];
    let files: [(&str, String); 6] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="criteria" sheetId="1" r:id="rId1"/><sheet name="set" sheetId="2" r:id="rId2"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>"#.to_owned(),
        ),
        ("xl/worksheets/sheet1.xml", sheet_xml(&rows)),
        ("xl/worksheets/sheet2.xml", sheet_xml(&meta)),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        // Writing into memory cannot fail.
        zip.start_file(name, options).expect("zip entry in memory");
        zip.write_all(content.as_bytes()).expect("zip write in memory");
    }
    zip.finish().expect("zip finish in memory");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_then_import_gives_the_same_set() {
        let set = CriteriaSet::qd1048_fresh_produce();
        let bytes = write(&set);
        assert_eq!(parse(&bytes).unwrap(), set);
        let mut sample = set.clone();
        sample.sample = true;
        sample.product_sets = vec!["I.1.a".into(), "I.1.b".into()];
        sample.disqualifiers = vec![Disqualifier {
            code: "L1".into(),
            text: "Hồ sơ <giả> & sai".into(),
        }];
        sample.parts[0].groups[0].criteria[0].evidence = vec!["Giấy phép".into(), "Hợp đồng".into()];
        assert_eq!(parse(&write(&sample)).unwrap(), sample);
    }

    fn with_rows(edit: impl FnOnce(&mut CriteriaSet)) -> Vec<u8> {
        let mut set = CriteriaSet::qd1048_fresh_produce();
        edit(&mut set);
        write(&set)
    }

    #[test]
    fn bad_cells_are_reported_by_row_and_column() {
        // An empty option text in the first option row (row 2) and an empty title.
        let bytes = with_rows(|s| {
            s.parts[0].groups[0].criteria[0].options[0].text.clear();
            s.title.clear();
        });
        let errors = parse(&bytes).unwrap_err();
        let fields: Vec<(&str, ErrorCode)> = errors.fields.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert!(
            fields.contains(&("rows[2].option_text", ErrorCode::Required)),
            "{fields:?}"
        );
        assert!(fields.contains(&("set.title", ErrorCode::Required)), "{fields:?}");
        assert_eq!(fields.len(), 2, "{fields:?}");
    }

    #[test]
    fn a_bad_number_or_star_names_its_cell() {
        let set = CriteriaSet::qd1048_fresh_produce();
        let good = write(&set);
        // Replace the first option's points with text by rewriting the sheet.
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&good)).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
        let points = set.parts[0].groups[0].criteria[0].options[0].points;
        let sheet = sheet.replacen(
            &format!(r#"<c r="O2"><v>{points}</v></c>"#),
            r#"<c r="O2" t="inlineStr"><is><t>nhiều</t></is></c>"#,
            1,
        );
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
            zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                zip.write_all(sheet.as_bytes()).unwrap();
            } else {
                zip.write_all(&content).unwrap();
            }
        }
        zip.finish().unwrap();
        let errors = parse(&out.into_inner()).unwrap_err();
        let fields: Vec<(&str, ErrorCode)> = errors.fields.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(fields, vec![("rows[2].points", ErrorCode::InvalidNumber)]);
    }

    #[test]
    fn not_a_workbook_is_refused() {
        let errors = parse(b"PK\x03\x04 not really").unwrap_err();
        assert_eq!(errors.fields[0].field, "file");
    }
}
