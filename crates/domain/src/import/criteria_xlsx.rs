//! Reading criteria sets from .xlsx workbooks: one row per option (columns in
//! docs/CRITERIA_XLSX.md), read with row-level errors; `ocop_service::criteria_xlsx::write`
//! writes the same shape, so an exported set imports back to the same set.
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
//! Every workbook passes [`super::xlsx_guard::check`] before calamine opens it.

use crate::evaluation::criteria::{Criterion, CriterionOption, Disqualifier, Group, Mandatory, Part};
use crate::evaluation::{CriteriaSet, Points, Stars};
use crate::{ErrorCode, ValidationErrors};
use calamine::{Data, Reader, Xlsx};

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
    matches!(crate::text::fold(text).as_str(), "x" | "1" | "true" | "co" | "yes")
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
    super::xlsx_guard::check(bytes, MAX_ROWS).map_err(super::xlsx_guard::Refusal::errors)?;
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
