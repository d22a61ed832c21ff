//! Criteria sets as .xlsx workbooks: writing (the reading half is
//! [`ocop_domain::import::criteria_xlsx`], pure and fuzzed); an exported set imports back
//! to the same set. Columns in docs/CRITERIA_XLSX.md.

use std::io::Write as _;

use ocop_domain::evaluation::{CriteriaSet, Points};

pub use ocop_domain::import::criteria_xlsx::{COLUMNS, MAX_ROWS, is_xlsx, parse};

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
    use ocop_domain::ErrorCode;
    use ocop_domain::evaluation::criteria::Disqualifier;

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
