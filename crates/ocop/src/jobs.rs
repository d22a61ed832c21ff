//! `ocop jobs …` and `ocop certificates …`: the daily job by hand or from cron,
//! and printing a decision's certificates.

use std::time::Duration;

use anyhow::Context as _;
use clap::Subcommand;
use ocop_service::certificates::{daily, printing};
use ocop_service::mail::SmtpConfig;

use crate::config;

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Run the daily certificate job (statuses → notices, e-mail when OCOP_SMTP_RELAY is set)
    /// for today (Vietnam time) unless another runner already did.
    RunDaily,
}

#[derive(Debug, Subcommand)]
pub enum CertificatesCommand {
    /// Write the certificates of a recognition decision as one PDF, one page each.
    Pdf {
        /// The decision's id.
        #[arg(long)]
        decision: uuid::Uuid,
        /// The PDF file to write.
        #[arg(long)]
        output: std::path::PathBuf,
    },
}

/// Names this runner in the job lease.
pub fn holder() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "ocop".to_owned());
    format!("{host}:{}", std::process::id())
}

pub async fn jobs(command: JobsCommand) -> anyhow::Result<()> {
    match command {
        JobsCommand::RunDaily => {
            let ctx = config::open(false).await?;
            let outcome = daily::run(
                &ctx.db,
                ocop_service::admin_units::today(),
                &holder(),
                SmtpConfig::from_env().as_ref(),
            )
            .await?;
            println!("{}", serde_json::to_string_pretty(&outcome)?);
            Ok(())
        }
    }
}

pub async fn certificates(command: CertificatesCommand) -> anyhow::Result<()> {
    match command {
        CertificatesCommand::Pdf { decision, output } => {
            let ctx = config::open(false).await?;
            let base = config::public_base_url("127.0.0.1:8080".parse()?);
            let pdf = printing::decision_pdf_as_operator(&ctx.db, decision, &base).await?;
            std::fs::write(&output, &pdf).with_context(|| format!("cannot write {}", output.display()))?;
            println!("{} ({} bytes)", output.display(), pdf.len());
            Ok(())
        }
    }
}

/// Runs the daily job at start-up and then every hour; the lease makes it run once a
/// day across all processes, and hourly ticks catch the first hour of a new day.
pub fn schedule_daily(db: ocop_storage::Database) {
    tokio::spawn(async move {
        let smtp = SmtpConfig::from_env();
        let holder = holder();
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let day = ocop_service::admin_units::today();
            if let Err(e) = daily::run(&db, day, &holder, smtp.as_ref()).await {
                tracing::warn!(error = %e, "daily certificate job failed");
            }
        }
    });
}
