//! `ocop audit verify|head` and the head file the server publishes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use clap::Subcommand;
use ocop_storage::audit::{self, ChainCheck, SignedHead};
use ocop_storage::audit_key;

use crate::config;

/// The head file the server keeps in the data directory.
pub const HEAD_FILE: &str = "audit-head.json";

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the keyed hash chain; print the number of entries, or the first
    /// broken entry (sequence number and reason) and exit with status 1.
    Verify {
        /// A head published earlier (the data directory's audit-head.json, a copy of
        /// GET /api/v1/audit/head, or `ocop audit head`): the chain must still reach
        /// it unchanged (neither truncated nor rewritten).
        #[arg(long)]
        against: Option<PathBuf>,
        /// Also compare every certificate, product, producer and dossier row with the
        /// state its last audit entry recorded, naming rows changed or deleted behind
        /// the application's back.
        #[arg(long)]
        state: bool,
    },
    /// Print the chain head signed with the audit key (JSON), or write it to a file.
    Head {
        /// The file to write (atomically); standard output when absent.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

/// Runs an audit command.
pub async fn run(command: AuditCommand) -> anyhow::Result<()> {
    // Verification must run whatever key the process holds: no signing-key check.
    let ctx = config::open_unchecked(false).await?;
    let keys = audit_key::installed();
    match command {
        AuditCommand::Head { output } => {
            let head = audit::signed_head(ctx.db.conn(), &keys).await?;
            match output {
                Some(path) => {
                    write_head(&path, &head)?;
                    println!("Đã ghi đầu chuỗi (head written) seq {} to {}", head.seq, path.display());
                }
                None => println!("{}", serde_json::to_string_pretty(&head)?),
            }
            Ok(())
        }
        AuditCommand::Verify { against, state } => {
            let mut broken = false;
            match audit::verify_with(ctx.db.conn(), &keys).await? {
                ChainCheck::Intact { entries } => {
                    println!("Nhật ký nguyên vẹn (audit chain intact): {entries} entries");
                    match audit::first_keyed_seq(ctx.db.conn()).await? {
                        Some(1) => println!("  every entry keyed (audit keys {:?})", keys.ids()),
                        Some(from) => println!(
                            "  entries 1–{} unkeyed (written before audit keys), keyed from seq {from}",
                            from - 1
                        ),
                        None if entries > 0 => println!("  no entry is keyed: only a published head protects them"),
                        None => {}
                    }
                }
                ChainCheck::Broken { seq, reason } => {
                    println!("Nhật ký bị sửa (audit chain broken) at seq {seq}: {reason}");
                    broken = true;
                }
            }
            if let Some(path) = against {
                let head = read_head(&path)?;
                match audit::verify_against(ctx.db.conn(), &keys, &head).await? {
                    ChainCheck::Intact { .. } => println!(
                        "Khớp đầu chuỗi đã công bố (matches the published head): seq {} of {}",
                        head.seq,
                        head.at.to_rfc3339()
                    ),
                    ChainCheck::Broken { seq, reason } => {
                        println!("Nhật ký bị sửa (audit chain broken) at seq {seq}: {reason}");
                        broken = true;
                    }
                }
            }
            if state {
                let report = ocop_service::audit_state::verify(&ctx.db).await?;
                for f in &report.findings {
                    let what = if f.deleted { "deleted" } else { "differs from" };
                    println!(
                        "Bản ghi bị sửa ngoài ứng dụng (row changed behind the application): {} {} {what} the state recorded at seq {}",
                        f.kind, f.id, f.seq
                    );
                }
                println!(
                    "Trạng thái (state): {} rows checked, {} changed or deleted",
                    report.checked,
                    report.findings.len()
                );
                for (kind, count, ids) in &report.unattested {
                    println!(
                        "  {count} {kind} rows have no recorded state (demo data, made before the upgrade, or inserted behind the application's back): {}{}",
                        ids.join(", "),
                        if *count as usize > ids.len() { ", …" } else { "" }
                    );
                }
                broken |= !report.intact();
            }
            if broken {
                std::process::exit(1);
            }
            Ok(())
        }
    }
}

fn read_head(path: &Path) -> anyhow::Result<SignedHead> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not an audit head", path.display()))
}

/// Writes the head to `path` through a temporary file and a rename.
pub fn write_head(path: &Path, head: &SignedHead) -> anyhow::Result<()> {
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(head)? + "\n";
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

/// `OCOP_AUDIT_HEAD_SECONDS` (default 600): how often the server writes the head file.
fn head_interval() -> Duration {
    let seconds = std::env::var("OCOP_AUDIT_HEAD_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(600);
    Duration::from_secs(seconds)
}

/// Writes `{data dir}/audit-head.json` at start and then on a schedule.
pub fn schedule_head_file(db: ocop_storage::Database) {
    let path = config::data_dir().join(HEAD_FILE);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(head_interval());
        loop {
            tick.tick().await;
            let keys = audit_key::installed();
            let written = match audit::signed_head(db.conn(), &keys).await {
                Ok(head) => write_head(&path, &head),
                Err(e) => Err(e.into()),
            };
            if let Err(e) = written {
                tracing::warn!(error = %e, "cannot write the audit head file");
            }
        }
    });
}
