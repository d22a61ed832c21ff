//! Charts as SVG text made on the server (no JavaScript), so the same chart
//! goes into a page and into a PDF. Presentation attributes only (no `style`),
//! which the pages' strict CSP allows; the SVG scales to the width of a phone.

use std::fmt::Write as _;

/// One bar: a label, the value reached and the value aimed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Label shown left of the bar.
    pub label: String,
    /// Value reached.
    pub actual: i64,
    /// Value aimed at (0: no target line).
    pub target: i64,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart of actual values against targets: each bar is
/// green once its target is reached, amber before; a dark tick marks the target.
pub fn target_bars(title: &str, bars: &[Bar]) -> String {
    let row = 34;
    let (width, label_w, bar_w) = (360, 150, 170);
    let height = 30 + row * bars.len().max(1);
    let max = bars.iter().map(|b| b.actual.max(b.target)).max().unwrap_or(0).max(1);
    let scale = |v: i64| (v.max(0) * bar_w / max) as usize;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{t}"><title>{t}</title>"##,
        t = escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 20 + i * row;
        let label: String = b.label.chars().take(24).collect();
        let colour = if b.target > 0 && b.actual >= b.target {
            "#2e7d32"
        } else {
            "#f59e0b"
        };
        let _ = write!(
            svg,
            r##"<text x="0" y="{ty}" font-size="11" fill="#333">{label}</text><rect x="{label_w}" y="{y}" width="{bw}" height="18" fill="{colour}"/><text x="{vx}" y="{ty}" font-size="11" fill="#111">{a}/{tg}</text>"##,
            ty = y + 13,
            label = escape(&label),
            bw = scale(b.actual),
            vx = label_w + scale(b.actual.max(b.target)) + 4,
            a = b.actual,
            tg = b.target,
        );
        if b.target > 0 {
            let x = label_w + scale(b.target);
            let _ = write!(
                svg,
                r##"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#111" stroke-width="2"/>"##,
                y1 = y - 2,
                y2 = y + 20
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_escape_labels() {
        let svg = target_bars(
            "Chỉ tiêu <2026>",
            &[
                Bar {
                    label: "Sản phẩm mới".into(),
                    actual: 2,
                    target: 4,
                },
                Bar {
                    label: "A & B".into(),
                    actual: 5,
                    target: 4,
                },
            ],
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Chỉ tiêu &lt;2026&gt;"));
        assert!(svg.contains("A &amp; B"));
        // 2 of a maximum of 5 on 170 pixels; the reached target is green.
        assert!(svg.contains(r##"width="68" height="18" fill="#f59e0b""##));
        assert!(svg.contains(r##"width="170" height="18" fill="#2e7d32""##));
        assert!(!svg.contains("style="));
    }
}
