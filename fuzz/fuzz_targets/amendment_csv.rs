//! An administrative-unit amendment file (`ocop admin-units amend`): parsed rows or an
//! error naming the row, never a panic; provinces always come before communes of a day.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_domain::admin_unit::AdminLevel;
use ocop_domain::import::amendment;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(rows) = amendment::parse(text) {
        for pair in rows.windows(2) {
            assert!(
                pair[0].effective < pair[1].effective
                    || pair[0].level == AdminLevel::Province
                    || pair[1].level != AdminLevel::Province
            );
        }
    }
});
