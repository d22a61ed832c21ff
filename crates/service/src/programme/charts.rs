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
            r##"<text x="0" y="{ty}" font-size="11" fill="#333">{label}</text>"##,
            ty = y + 13,
            label = escape(&label),
        );
        if scale(b.actual) > 0 {
            let _ = write!(
                svg,
                r##"<rect x="{label_w}" y="{y}" width="{bw}" height="18" fill="{colour}"/>"##,
                bw = scale(b.actual),
            );
        }
        let figures = if b.target > 0 {
            format!("{}/{}", b.actual, b.target)
        } else {
            b.actual.to_string()
        };
        let _ = write!(
            svg,
            r##"<text x="{vx}" y="{ty}" font-size="11" fill="#111">{figures}</text>"##,
            ty = y + 13,
            vx = label_w + scale(b.actual.max(b.target)) + 4,
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

/// Each target's progress towards its own value, so targets counted in
/// different units (products, officials, million VND) share one chart: a
/// bar's length is the share of its target reached (the tick marks 100 %,
/// bars stop at 150 %), green once reached, amber before; the figures
/// ("73/80") are written in a column after the bars.
pub fn progress_bars(title: &str, bars: &[Bar]) -> String {
    let row = 30;
    let (width, label_w, bar_w) = (480, 230, 165);
    let full = bar_w * 2 / 3;
    let height = 24 + row * bars.len().max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{t}"><title>{t}</title>"##,
        t = escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 14 + i * row;
        let mut label: String = b.label.chars().take(38).collect();
        if b.label.chars().count() > 38 {
            label.push('…');
        }
        let percent = if b.target > 0 {
            b.actual.max(0) * 100 / b.target
        } else if b.actual > 0 {
            100
        } else {
            0
        };
        let length = percent.min(150) as usize * full / 100;
        let colour = if percent >= 100 { "#2e7d32" } else { "#f59e0b" };
        let _ = write!(
            svg,
            r##"<text x="0" y="{ty}" font-size="11" fill="#333">{label}</text><rect x="{label_w}" y="{y}" width="{bar_w}" height="18" fill="#eeeeee"/>"##,
            ty = y + 13,
            label = escape(&label),
        );
        if length > 0 {
            let _ = write!(
                svg,
                r##"<rect x="{label_w}" y="{y}" width="{length}" height="18" fill="{colour}"/>"##
            );
        }
        let _ = write!(
            svg,
            r##"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#111" stroke-width="2"/><text x="{vx}" y="{ty}" font-size="11" fill="#111">{a}/{tg}</text>"##,
            x = label_w + full,
            y1 = y - 2,
            y2 = y + 20,
            vx = label_w + bar_w + 6,
            ty = y + 13,
            a = b.actual,
            tg = b.target,
        );
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

    #[test]
    fn progress_is_measured_against_each_target() {
        let svg = progress_bars(
            "Chỉ tiêu",
            &[
                Bar {
                    label: "Cán bộ được tập huấn".into(),
                    actual: 40,
                    target: 80,
                },
                Bar {
                    label: "Kinh phí hỗ trợ đã giải ngân (triệu đồng) và còn dài hơn nữa".into(),
                    actual: 3_000,
                    target: 1_500,
                },
                Bar {
                    label: "Hội chợ".into(),
                    actual: 0,
                    target: 4,
                },
            ],
        );
        // 100 % is 110 px: half of it for 40/80; 150 % at most for 200 %.
        assert!(svg.contains(r##"width="55" height="18" fill="#f59e0b""##), "{svg}");
        assert!(svg.contains(r##"width="165" height="18" fill="#2e7d32""##));
        assert_eq!(svg.matches("fill=\"#f59e0b\"").count(), 1, "no empty bar is drawn");
        assert!(svg.contains("3000/1500") && svg.contains("0/4"));
        assert!(svg.contains("…"), "long labels are cut");
    }

    #[test]
    fn a_bar_without_a_target_shows_its_value_only() {
        let svg = target_bars(
            "Sao",
            &[
                Bar {
                    label: "3 sao".into(),
                    actual: 7,
                    target: 0,
                },
                Bar {
                    label: "4 sao".into(),
                    actual: 0,
                    target: 0,
                },
            ],
        );
        assert!(svg.contains(">7</text>") && !svg.contains("7/0"));
        assert_eq!(svg.matches("<rect").count(), 1, "no zero-width rectangle");
    }
}
