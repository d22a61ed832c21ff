//! The directive text reader (`POST /api/v1/programme/directives/preview`): any text, OCR noise
//! included, gives a proposal — never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_domain::programme::directive::parse_directive;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_directive(&text);
});
