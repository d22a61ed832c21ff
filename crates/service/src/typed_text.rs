//! Free text typed into the cycle, the councils and the vault passes the domain's one gate
//! (`ocop_domain::text::input::clean_input`): trimmed, in NFC, and without control characters
//! (line breaks and tabs only where the field spans lines). The web layer already refuses
//! control characters before a handler runs; this makes the service hold the rule itself and
//! stores a decomposed (NFD) spelling as the composed one, so the same word compares equal.

pub(crate) use ocop_domain::text::input::Lines;
use ocop_domain::text::input::clean_input;
use ocop_domain::{ErrorCode, ValidationErrors};

use crate::error::{ServiceError, ServiceResult};

/// `text` trimmed and in NFC; a refused control character is recorded on `field` in
/// `errors` (the trimmed text is then returned as typed, for the other checks).
pub(crate) fn cleaned(errors: &mut ValidationErrors, field: &str, text: &str, lines: Lines) -> String {
    let text = text.trim();
    errors
        .check(field, clean_input(text, lines))
        .unwrap_or_else(|| text.to_owned())
}

/// `text` trimmed and in NFC, or a 422 on `field` naming the control character.
pub(crate) fn clean(field: &str, text: &str, lines: Lines) -> ServiceResult<String> {
    clean_input(text.trim(), lines).map_err(|code: ErrorCode| ServiceError::field(field, code))
}
