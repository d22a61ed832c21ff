//! Documents: PDFs rendered with typst as a library from plain JSON data
//! (certificates, programme reports, the council's result table, minutes and results decision).
//!
//! The crate knows nothing of the database: a caller gives a typst template and a
//! `serde_json::Value`; the template reads the data with `json("/data.json")` and the
//! shared preamble for Vietnamese administrative documents with
//! `#import "/ocop.typ": *` (see [`PREAMBLE`]). Fonts are vendored (Noto Serif,
//! SIL OFL 1.1) and embedded in the PDF; no file, package or network is reachable from a
//! template.
//!
//! Rendering is CPU-bound (tens of milliseconds a page): call it from
//! `tokio::task::spawn_blocking` in async code.

mod world;

pub mod certificate;
pub mod council;
pub mod qr;
pub mod report;

use typst::diag::{SourceDiagnostic, Warned};
use typst::layout::FrameItem;
use typst::utils::Scalar;
use typst_layout::PagedDocument;

pub use world::PREAMBLE;

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The template did not compile (a bug in the template or data it did not expect).
    #[error("template error: {0}")]
    Template(String),
    /// The PDF could not be written.
    #[error("PDF export error: {0}")]
    Export(String),
    /// A page that does not exist was asked for.
    #[error("page {0} does not exist")]
    NoSuchPage(usize),
}

fn diagnostics(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|error| error.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Compiles a template with its data into a laid-out document.
fn compile(template: &str, data: &serde_json::Value) -> Result<PagedDocument, DocumentError> {
    let world = world::DocumentWorld::new(template, data);
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    // Drop memoised results no compilation used recently, so a long-running server's
    // memory stays bounded.
    typst::comemo::evict(10);
    output.map_err(|errors| DocumentError::Template(diagnostics(&errors)))
}

/// Renders a template with its data to PDF bytes (fonts embedded).
pub fn render_pdf(template: &str, data: serde_json::Value) -> Result<Vec<u8>, DocumentError> {
    let document = compile(template, &data)?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| DocumentError::Export(diagnostics(&errors)))
}

/// One page rasterised: RGBA pixels, row by row (premultiplied alpha; pages are opaque
/// white so it does not matter).
#[derive(Debug, Clone)]
pub struct RasterPage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

impl RasterPage {
    /// The grey level (0 black – 255 white) of a pixel.
    pub fn luma(&self, x: u32, y: u32) -> u8 {
        let i = ((y * self.width + x) * 4) as usize;
        let [r, g, b] = [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]].map(u32::from);
        ((r * 299 + g * 587 + b * 114) / 1000) as u8
    }

    /// How many pixels are darker than mid-grey (0 for a blank page).
    pub fn dark_pixels(&self) -> usize {
        (0..self.height)
            .flat_map(|y| (0..self.width).map(move |x| (x, y)))
            .filter(|&(x, y)| self.luma(x, y) < 128)
            .count()
    }
}

/// Renders one page (0-based) of a template with its data to pixels, at
/// `pixels_per_pt` (2.0 is 144 dpi). Used by tests to look at a document.
pub fn render_page(
    template: &str,
    data: serde_json::Value,
    page: usize,
    pixels_per_pt: f64,
) -> Result<RasterPage, DocumentError> {
    let document = compile(template, &data)?;
    let page = document.pages().get(page).ok_or(DocumentError::NoSuchPage(page))?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(pixels_per_pt),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    Ok(RasterPage {
        width: pixmap.width(),
        height: pixmap.height(),
        rgba: pixmap.data().to_vec(),
    })
}

/// Renders one page (0-based) to a PNG image.
pub fn render_png(
    template: &str,
    data: serde_json::Value,
    page: usize,
    pixels_per_pt: f64,
) -> Result<Vec<u8>, DocumentError> {
    let document = compile(template, &data)?;
    let page = document.pages().get(page).ok_or(DocumentError::NoSuchPage(page))?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(pixels_per_pt),
        render_bleed: false,
    };
    typst_render::render(page, &options)
        .encode_png()
        .map_err(|error| DocumentError::Export(error.to_string()))
}

/// The text laid out on each page, in the layout's order, one string per page (runs and
/// lines joined by single spaces). Lets tests check what a document says without parsing PDF.
pub fn page_texts(template: &str, data: serde_json::Value) -> Result<Vec<String>, DocumentError> {
    let document = compile(template, &data)?;
    Ok(document
        .pages()
        .iter()
        .map(|page| {
            let mut runs = Vec::new();
            collect_text(&page.frame, &mut runs);
            runs.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect())
}

fn collect_text(frame: &typst::layout::Frame, runs: &mut Vec<String>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_text(&group.frame, runs),
            FrameItem::Text(text) => runs.push(text.text.to_string()),
            _ => {}
        }
    }
}

/// A glyph the font did not have: laid out as its missing glyph (`.notdef`, glyph id 0),
/// which prints as an empty box instead of the letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// 0-based page.
    pub page: usize,
    /// The characters it stands for.
    pub text: String,
    /// The text run it is in.
    pub run: String,
}

/// Every glyph laid out as the font's missing glyph, on any page: walks the laid-out frames'
/// text items (what the PDF will draw), so a Vietnamese letter the font lacks is caught even
/// when the page text reads right.
pub fn missing_glyphs(template: &str, data: serde_json::Value) -> Result<Vec<MissingGlyph>, DocumentError> {
    let document = compile(template, &data)?;
    let mut out = Vec::new();
    for (page, p) in document.pages().iter().enumerate() {
        collect_missing(&p.frame, page, &mut out);
    }
    Ok(out)
}

fn collect_missing(frame: &typst::layout::Frame, page: usize, out: &mut Vec<MissingGlyph>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_missing(&group.frame, page, out),
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    out.push(MissingGlyph {
                        page,
                        text: text.text.get(glyph.range()).unwrap_or_default().to_owned(),
                        run: text.text.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
}

/// How many pages a template renders to with its data.
pub fn page_count(template: &str, data: serde_json::Value) -> Result<usize, DocumentError> {
    Ok(compile(template, &data)?.pages().len())
}

#[cfg(test)]
mod tests;
