//! QR codes as SVG, to place in a typst document with `image(bytes(svg))`.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::DocumentError;

/// An SVG QR code for `text` (error correction M, 4-module quiet zone, black on white).
/// The SVG scales: the template decides the printed size (at least 2 cm for a phone).
pub fn qr_svg(text: &str) -> Result<String, DocumentError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|error| DocumentError::Template(format!("QR code: {error}")))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(4, 4)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}
