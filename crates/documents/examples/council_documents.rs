//! Writes the council's three documents for a sample batch — the result table, the minutes and
//! the results decision — as PDF, and every page as PNG, for a person to look at:
//! `scripts/render-documents.sh [DIR]` (or `cargo run --example council_documents -- DIR`)
//! writes DIR/results.pdf, DIR/results-1.png, DIR/minutes.pdf, DIR/minutes-1.png, … and fails
//! if any glyph on any page is the font's missing glyph.

use ocop_documents::council::{self, samples};
use ocop_documents::{missing_glyphs, page_count, render_pdf, render_png};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "documents".to_owned()));
    std::fs::create_dir_all(&dir)?;
    let documents = [
        (
            "results",
            council::RESULTS_TEMPLATE,
            council::results_data(&samples::results())?,
        ),
        (
            "minutes",
            council::MINUTES_TEMPLATE,
            council::minutes_data(&samples::minutes())?,
        ),
        (
            "decision",
            council::DECISION_TEMPLATE,
            council::decision_data(&samples::decision())?,
        ),
    ];
    let mut missing_total = 0;
    for (name, template, data) in documents {
        let pdf = dir.join(format!("{name}.pdf"));
        std::fs::write(&pdf, render_pdf(template, data.clone())?)?;
        let pages = page_count(template, data.clone())?;
        for page in 0..pages {
            let png = dir.join(format!("{name}-{}.png", page + 1));
            std::fs::write(&png, render_png(template, data.clone(), page, 1.5)?)?;
            println!("{}", png.display());
        }
        let missing = missing_glyphs(template, data)?;
        for m in &missing {
            eprintln!("{name}: page {}: no glyph for {:?}", m.page + 1, m.text);
        }
        missing_total += missing.len();
        println!("{} ({pages} pages)", pdf.display());
    }
    if missing_total > 0 {
        return Err(format!("{missing_total} glyphs missing").into());
    }
    Ok(())
}
