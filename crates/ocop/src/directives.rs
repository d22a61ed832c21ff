//! `ocop directives read FILE [--json]`: what the review page shows of a
//! directive — its header, the tasks with office, deadline and source, the
//! targets — on the command line. Reads only; nothing is saved.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;
use clap::Subcommand;
use ocop_domain::programme::directive::review::excerpt;
use ocop_domain::programme::directive::{DirectiveProposal, parse_directive};

/// `ocop directives …`.
#[derive(Debug, Subcommand)]
pub enum DirectivesCommand {
    /// Read a directive (plain text, clean or OCR) and print its header, the
    /// proposed tasks (office, deadline, source line) and targets.
    Read {
        /// The text file.
        file: std::path::PathBuf,
        /// Print the proposal as JSON (the preview API's body).
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `directives` command.
pub fn run(command: DirectivesCommand) -> anyhow::Result<()> {
    match command {
        DirectivesCommand::Read { file, json } => {
            let text = read_text(&file)?;
            let proposal = parse_directive(&text);
            if json {
                println!("{}", serde_json::to_string_pretty(&proposal)?);
            } else {
                print!("{}", render(&text, &proposal));
            }
            Ok(())
        }
    }
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("không đọc được tệp {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{}: không phải văn bản UTF-8", path.display()))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned())
}

/// The proposal as text, in the review page's words.
pub fn render(text: &str, p: &DirectiveProposal) -> String {
    let mut out = String::new();
    let unknown = "(chưa đọc được)";
    let m = &p.meta;
    let _ = writeln!(out, "Văn bản");
    let _ = writeln!(out, "  Loại: {}", m.kind.map_or(unknown, |k| k.label_vi()));
    let _ = writeln!(out, "  Số: {}", m.number.as_deref().unwrap_or(unknown));
    let _ = writeln!(
        out,
        "  Ngày: {}",
        m.issued_on
            .map_or_else(|| unknown.to_owned(), |d| d.format("%d/%m/%Y").to_string())
    );
    let _ = writeln!(out, "  Cơ quan ban hành: {}", m.issuer.as_deref().unwrap_or(unknown));
    let _ = writeln!(
        out,
        "  Năm của văn bản: {}",
        m.year.map_or_else(|| unknown.to_owned(), |y| y.to_string())
    );
    let _ = writeln!(out, "\nNhiệm vụ ({})", p.tasks.len());
    for (i, t) in p.tasks.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, t.title);
        let _ = writeln!(out, "   Chủ trì: {}", t.office_label());
        if !t.cooperating.is_empty() {
            let names: Vec<&str> = t.cooperating.iter().map(|k| k.label_vi()).collect();
            let _ = writeln!(out, "   Phối hợp: {}", names.join("; "));
        }
        let _ = writeln!(out, "   Thời hạn: {}", t.deadline_label());
        let e = excerpt(text, t.span, 0);
        let _ = writeln!(out, "   Nguồn (dòng {}): «{}»", t.line, one_line(&e.marked));
    }
    let _ = writeln!(out, "\nChỉ tiêu ({})", p.targets.len());
    for (i, t) in p.targets.iter().enumerate() {
        let count = match t.count_max {
            Some(max) if max != t.count => format!("{}–{max}", t.count),
            _ => t.count.to_string(),
        };
        let mut line = format!("{}. {}: {count}", i + 1, t.kind.label_vi());
        if let Some(stars) = t.min_stars {
            let _ = write!(line, ", từ {stars} sao");
        }
        if let Some(level) = t.level {
            let _ = write!(line, ", {}", level.label_vi());
        }
        if !t.communes.is_empty() {
            let _ = write!(line, "; xã: {}", t.communes.join(", "));
        }
        let _ = writeln!(out, "{line}");
        let e = excerpt(text, t.span, 0);
        let _ = writeln!(out, "   Nguồn: «{}»", one_line(&e.marked));
    }
    out
}

/// A span's text on one line, whitespace collapsed, at most 300 characters.
fn one_line(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() > 300 {
        let cut: String = joined.chars().take(299).collect();
        format!("{cut}…")
    } else {
        joined
    }
}
