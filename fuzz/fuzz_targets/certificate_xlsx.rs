//! The certificate import from an .xlsx workbook (guard, calamine, rows), then every
//! row checked without the database.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_domain::ValidationErrors;
use ocop_domain::import::certificate_rows::{check_row, read_xlsx_rows};

fuzz_target!(|data: &[u8]| {
    match read_xlsx_rows(data) {
        Ok(rows) => {
            let mut errors = ValidationErrors::new();
            for (line, row) in &rows {
                let before = errors.fields.len();
                let checked = check_row(&mut errors, *line, row);
                assert_eq!(
                    checked.is_some(),
                    errors.fields.len() == before,
                    "a row is checked or has errors"
                );
            }
        }
        Err(errors) => assert!(!errors.fields.is_empty()),
    }
});
