//! A criteria set from an .xlsx workbook (the workbook guard, then calamine, then the
//! row reader): refused with field errors or read and validated, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_domain::evaluation::LegalBases;
use ocop_domain::import::criteria_xlsx;

fuzz_target!(|data: &[u8]| {
    match criteria_xlsx::parse(data) {
        Ok(set) => {
            let _ = set.validate(LegalBases::official());
        }
        Err(errors) => assert!(!errors.fields.is_empty(), "a refusal names at least one field"),
    }
});
