//! `ocop reports …`: a unit's six-monthly or annual programme report
//! (.xlsx or PDF) and the national agricultural database export
//! (PTNT_OCOP, .xlsx or CSV), written to a file with the server's own rights.

use anyhow::{Context as _, bail};
use clap::{Subcommand, ValueEnum};
use ocop_service::ServiceError;
use ocop_service::programme::reports::{self, ReportParams};
use ocop_service::programme::{ptnt, report_pdf, report_xlsx};

use crate::config;

#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// The programme report of a unit for a period: summary, tables by commune
    /// (by province for the country) and by star, product lists, tasks, targets.
    Programme {
        /// `national`, or a unit: 2025/province/42, 2025/commune/18673, pre2025/district/446.
        #[arg(long)]
        unit: String,
        /// 2026-H1, 2026-H2 or 2026.
        #[arg(long)]
        period: String,
        /// Figures before 07/2025 under today's units (`current`) or as recorded (`recorded`).
        #[arg(long, value_enum, default_value = "current")]
        units: Units,
        /// xlsx or pdf.
        #[arg(long, value_enum)]
        format: ReportFormat,
        /// The file to write.
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// The national agricultural database export (table PTNT_OCOP) of a unit for a period.
    Ptnt {
        /// `national`, or a unit id.
        #[arg(long)]
        unit: String,
        /// 2026-H1, 2026-H2 or 2026.
        #[arg(long)]
        period: String,
        /// Commune codes of today's list (`current`) or as recorded (`recorded`).
        #[arg(long, value_enum, default_value = "current")]
        units: Units,
        /// xlsx or csv.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file to write.
        #[arg(long)]
        output: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Units {
    Current,
    Recorded,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Xlsx,
    Pdf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

fn params(unit: String, period: String, units: Units) -> ReportParams {
    ReportParams {
        unit_id: unit,
        period,
        units: Some(
            match units {
                Units::Current => "current",
                Units::Recorded => "recorded",
            }
            .to_owned(),
        ),
    }
}

/// Field errors in Vietnamese, then a failure.
fn explain(error: ServiceError) -> anyhow::Error {
    if let Some(errors) = error.field_errors() {
        for field in &errors.fields {
            eprintln!("{}: {}", field.field, field.code.message(ocop_domain::Lang::Vi));
        }
        return anyhow::anyhow!("báo cáo chưa được lập (report not made)");
    }
    error.into()
}

pub async fn run(command: ReportsCommand) -> anyhow::Result<()> {
    let ctx = config::open(false).await?;
    let (bytes, output) = match command {
        ReportsCommand::Programme {
            unit,
            period,
            units,
            format,
            output,
        } => {
            let report = reports::report_as_operator(&ctx.db, &params(unit, period, units))
                .await
                .map_err(explain)?;
            let bytes = match format {
                ReportFormat::Xlsx => report_xlsx::report_xlsx(&report)?,
                ReportFormat::Pdf => report_pdf::report_pdf(&report).await?,
            };
            println!(
                "{} — {}: {} sản phẩm còn hiệu lực, {} mới, {} nâng hạng, {} công nhận lại, {} hết hạn, {} thu hồi",
                report.unit_name,
                report.period_label,
                report.summary.in_force,
                report.summary.new,
                report.summary.upgraded,
                report.summary.recertified,
                report.summary.expired,
                report.summary.revoked
            );
            (bytes, output)
        }
        ReportsCommand::Ptnt {
            unit,
            period,
            units,
            format,
            output,
        } => {
            let (_, rows) = ptnt::rows_as_operator(&ctx.db, &params(unit, period, units))
                .await
                .map_err(explain)?;
            let bytes = match format {
                ExportFormat::Xlsx => ptnt::xlsx(&rows)?,
                ExportFormat::Csv => ptnt::csv(&rows)?,
            };
            let missing = rows.iter().filter(|r| r.doanh_thu_hundredths.is_none()).count();
            println!("PTNT_OCOP: {} dòng ({} chưa có doanh thu năm)", rows.len(), missing);
            (bytes, output)
        }
    };
    if bytes.is_empty() {
        bail!("nothing to write");
    }
    std::fs::write(&output, &bytes).with_context(|| format!("cannot write {}", output.display()))?;
    println!("{} ({} bytes)", output.display(), bytes.len());
    Ok(())
}
