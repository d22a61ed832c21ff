//! Reference data shipped inside the binary: administrative units (with the
//! 2025 conversion) and the product-set classifications. Loaded by migration
//! `m0002_reference_data`; later changes arrive as amendment files
//! ([`amendment`]), never as code.

pub mod admin_units;
pub mod amendment;
pub mod product_sets;

/// Reads a CSV text with a header row into records keyed by column name.
pub(crate) fn read_csv(text: &str) -> Result<Vec<std::collections::HashMap<String, String>>, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", index + 2))?;
        rows.push(
            headers
                .iter()
                .map(str::to_owned)
                .zip(record.iter().map(|v| v.trim().to_owned()))
                .collect(),
        );
    }
    Ok(rows)
}

/// The value of `column` in `row`, or an error naming the column.
pub(crate) fn field<'a>(row: &'a std::collections::HashMap<String, String>, column: &str) -> Result<&'a str, String> {
    row.get(column)
        .map(String::as_str)
        .ok_or_else(|| format!("missing column {column}"))
}
