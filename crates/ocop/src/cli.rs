//! The command line.

use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use ocop_service::accounts::{self, NewUser};
use ocop_service::demo::{self, DemoScale, Progress};
use ocop_web::{AppState, WebConfig};

use crate::config;

/// OCOP — Chương trình Mỗi xã một sản phẩm.
#[derive(Debug, Parser)]
#[command(name = "ocop", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application and the API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "OCOP_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Load the demo dataset when the database is empty (migrates first, on any engine).
        #[arg(long)]
        demo: bool,
        /// Mark cookies `Secure` (default: yes, unless listening on a loopback address).
        #[arg(long, env = "OCOP_SECURE_COOKIES")]
        secure_cookies: Option<bool>,
    },
    /// Apply pending database migrations (schema and reference data).
    Migrate,
    /// Load the demo dataset into the configured database.
    Demo {
        /// `standard` (a few hundred producers) or `national` (≥ 9,000 producers, ≥ 20,000 products).
        #[arg(long, value_enum, default_value = "standard")]
        scale: Scale,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Administrative units.
    AdminUnits {
        #[command(subcommand)]
        command: AdminUnitsCommand,
    },
    /// Write every table as JSON lines (database-agnostic) to a file.
    /// Stored files (photos under OCOP_DATA_DIR/files) are not included: copy them alongside.
    Export {
        /// The file to write.
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Load an export into an empty database (SQLite or PostgreSQL) in one transaction;
    /// commits only when every table's row count and checksum equal the export's.
    Import {
        /// The file written by `ocop export`.
        file: std::path::PathBuf,
    },
    /// Take a consistent online snapshot (database and stored files) into a new directory,
    /// with a manifest of checksums. Safe while `ocop serve` runs.
    Backup {
        /// The directory to create (must be missing or empty).
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Restore a backup into an empty database and data directory (stop the server first);
    /// every file is checked against the manifest before anything is written.
    Restore {
        /// The directory written by `ocop backup`.
        #[arg(long)]
        input: std::path::PathBuf,
        /// Replace what the target holds instead of refusing a non-empty target.
        #[arg(long)]
        force: bool,
    },
    /// The audit trail: verify it (keyed chain, against a published head, rows against
    /// their recorded state) and publish its signed head.
    Audit {
        #[command(subcommand)]
        command: crate::audit::AuditCommand,
    },
    /// Criteria sets (bộ tiêu chí).
    Criteria {
        #[command(subcommand)]
        command: CriteriaCommand,
    },
    /// Benchmark: a batch scored answer by answer, closed, recognised, documents generated
    /// (needs the demo data; see scripts/bench/scoring.sh).
    #[command(hide = true)]
    BenchScoring {
        /// Dossiers in the batch.
        #[arg(long, default_value_t = 150)]
        dossiers: usize,
        /// Scoring members (the first is the chair).
        #[arg(long, default_value_t = 9)]
        members: usize,
    },
    /// Scheduled jobs (the server also runs them).
    Jobs {
        #[command(subcommand)]
        command: crate::jobs::JobsCommand,
    },
    /// Certificates (giấy chứng nhận).
    Certificates {
        #[command(subcommand)]
        command: crate::jobs::CertificatesCommand,
    },
    /// Evaluation batches (đợt đánh giá): their documents.
    Batches {
        #[command(subcommand)]
        command: crate::batches::BatchesCommand,
    },
    /// Programme tasks (nhiệm vụ).
    Tasks {
        #[command(subcommand)]
        command: TasksCommand,
    },
    /// Programme reports (báo cáo 6 tháng, năm) and the PTNT_OCOP export.
    Reports {
        #[command(subcommand)]
        command: crate::reports::ReportsCommand,
    },
    /// Directives (văn bản chỉ đạo): read one as the review page does.
    Directives {
        #[command(subcommand)]
        command: crate::directives::DirectivesCommand,
    },
}

#[derive(Debug, Subcommand)]
enum TasksCommand {
    /// The weekly digest: late tasks per office, tasks due in the next 7 days,
    /// tasks done in the past 7 days, oversight counts of the province (text, or JSON with --json).
    Digest {
        /// Limit to a province of today's list (2-digit code, e.g. 42).
        #[arg(long)]
        province: Option<String>,
        /// Limit to a commune of today's list (5-digit code).
        #[arg(long, conflicts_with = "province")]
        commune: Option<String>,
        /// The day (YYYY-MM-DD); today (Vietnam) when absent.
        #[arg(long)]
        on: Option<chrono::NaiveDate>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum CriteriaCommand {
    /// Check a criteria set (TOML, JSON or .xlsx); exits with 1 when it is invalid.
    Validate {
        /// The file.
        file: std::path::PathBuf,
    },
    /// Print a demo sheet (TOML) for a product set, marked "Bộ tiêu chí mẫu — không phải văn bản chính thức".
    Sample {
        /// Legal basis id, e.g. QD148-1489-2025.
        #[arg(long)]
        basis: String,
        /// Product set code of QĐ 148 / 26-2026, e.g. I.1.a.
        #[arg(long)]
        product_set: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Scale {
    Standard,
    National,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input (or --password).
    Add {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Role: producer, commune_officer, province_officer, council_member, council_secretary, central_officer, administrator.
        #[arg(long)]
        role: String,
        /// Unit for commune and province roles, e.g. 2025/province/42 or 2025/commune/18673.
        #[arg(long)]
        scope: Option<String>,
        /// Producer id for the producer role.
        #[arg(long)]
        producer: Option<uuid::Uuid>,
        /// Display name.
        #[arg(long, default_value = "")]
        name: String,
        /// Password (avoid: it stays in the shell history; prefer standard input).
        #[arg(long)]
        password: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum AdminUnitsCommand {
    /// Apply a later change (rename, re-type) from a CSV file:
    /// effective,level,code,before,after,before_type,after_type,basis
    Amend {
        /// The CSV file.
        file: std::path::PathBuf,
    },
}

/// Runs a command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            bind,
            demo,
            secure_cookies,
        } => serve(bind, demo, secure_cookies).await,
        Command::BenchScoring { dossiers, members } => {
            let ctx = config::open(true).await?;
            println!("| phase | operations | seconds | per second |\n|---|---:|---:|---:|");
            ocop_service::councils::bench::run(&ctx.db, dossiers, members, &|p| {
                let secs = p.elapsed.as_secs_f64();
                println!(
                    "| {} | {} | {:.2} | {:.0} |",
                    p.name,
                    p.operations,
                    secs,
                    p.operations as f64 / secs.max(1e-9)
                );
            })
            .await?;
            Ok(())
        }
        Command::Migrate => {
            let ctx = config::open(true).await?;
            println!(
                "Cơ sở dữ liệu đã được cập nhật (migrations applied): {:?}",
                ctx.db.backend()
            );
            Ok(())
        }
        Command::Demo { scale } => {
            let ctx = config::open(true).await?;
            let scale = match scale {
                Scale::Standard => DemoScale::Standard,
                Scale::National => DemoScale::National,
            };
            load_demo(&ctx, scale).await
        }
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    role,
                    scope,
                    producer,
                    name,
                    password,
                },
        } => {
            let ctx = config::open(false).await?;
            let password = match password {
                Some(password) => password,
                None => {
                    eprintln!("Mật khẩu (ít nhất 10 ký tự), rồi Enter / Password, then Enter:");
                    let mut line = String::new();
                    std::io::stdin()
                        .read_to_string(&mut line)
                        .context("cannot read the password")?;
                    line.lines().next().unwrap_or_default().to_owned()
                }
            };
            let new = NewUser {
                username,
                display_name: name,
                password,
                role,
                scope_unit_id: scope,
                producer_id: producer,
            };
            match accounts::create_user(&ctx.db, None, &new).await {
                Ok(user) => {
                    println!("Đã tạo tài khoản {} ({}) id {}", user.username, user.role, user.id);
                    Ok(())
                }
                Err(ocop_service::ServiceError::Validation(errors)) => {
                    for field in errors.fields {
                        eprintln!("{}: {}", field.field, field.code.message(ocop_domain::Lang::Vi));
                    }
                    bail!("tài khoản chưa được tạo (account not created)")
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Export { output } => {
            let ctx = config::open(false).await?;
            let file = std::fs::File::create(&output).with_context(|| format!("cannot create {}", output.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            let summary = ocop_storage::transfer::export(&ctx.db, &mut writer).await?;
            print_summary("Đã xuất (exported)", &summary);
            Ok(())
        }
        Command::Import { file } => {
            let ctx = config::open(true).await?;
            let reader = std::io::BufReader::new(
                std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?,
            );
            let summary = ocop_storage::transfer::import(&ctx.db, reader).await?;
            print_summary("Đã nhập (imported)", &summary);
            Ok(())
        }
        Command::Backup { output } => {
            let ctx = config::open(false).await?;
            let manifest = ocop_service::backup::backup(&ctx.db, &ctx.files, &output).await?;
            print_summary(
                &format!("Đã sao lưu (backup written) to {}", output.display()),
                &manifest.tables,
            );
            println!(
                "  {} stored files, database {} ({} bytes, sha256 {})",
                manifest.files.len(),
                manifest.database.path,
                manifest.database.bytes,
                manifest.database.sha256
            );
            Ok(())
        }
        Command::Restore { input, force } => {
            let target = ocop_service::backup::RestoreTarget {
                database_url: config::database_url()?,
                files_root: config::data_dir().join("files"),
            };
            let manifest = ocop_service::backup::restore(&input, &target, force).await?;
            print_summary(
                &format!(
                    "Đã khôi phục (restored) the backup of {}",
                    manifest.created_at.to_rfc3339()
                ),
                &manifest.tables,
            );
            println!("  {} stored files", manifest.files.len());
            Ok(())
        }
        Command::Audit { command } => crate::audit::run(command).await,
        Command::Criteria {
            command: CriteriaCommand::Validate { file },
        } => {
            if crate::criteria::validate_file(&file)? {
                Ok(())
            } else {
                std::process::exit(1)
            }
        }
        Command::Jobs { command } => crate::jobs::jobs(command).await,
        Command::Directives { command } => crate::directives::run(command),
        Command::Certificates { command } => crate::jobs::certificates(command).await,
        Command::Batches { command } => crate::batches::run(command).await,
        Command::Reports { command } => crate::reports::run(command).await,
        Command::Criteria {
            command: CriteriaCommand::Sample { basis, product_set },
        } => {
            print!("{}", crate::criteria::sample(&basis, &product_set)?);
            Ok(())
        }
        Command::Tasks {
            command:
                TasksCommand::Digest {
                    province,
                    commune,
                    on,
                    json,
                },
        } => {
            use ocop_service::programme::{ListScope, tasks};
            let ctx = config::open(false).await?;
            let scope = match (province, commune) {
                (Some(p), _) => ListScope::Province(p),
                (None, Some(c)) => ListScope::Commune(c),
                (None, None) => ListScope::All,
            };
            let on = on.unwrap_or_else(ocop_service::admin_units::today);
            let digest = tasks::digest_for(&ctx.db, &scope, on).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&digest)?);
            } else {
                print!("{}", tasks::digest_text(&digest));
            }
            Ok(())
        }
        Command::AdminUnits {
            command: AdminUnitsCommand::Amend { file },
        } => {
            let ctx = config::open(false).await?;
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let amendments = ocop_storage::reference::amendment::parse(&text).map_err(anyhow::Error::msg)?;
            let tx = ctx.db.begin_write().await?;
            let created = ocop_storage::repo::admin_unit_repo::apply_amendments(&tx, &amendments).await?;
            ocop_storage::audit::append(
                &tx,
                ocop_storage::audit::AuditEvent {
                    actor: &ocop_storage::audit::AuditActor::system("cli"),
                    action: "admin_units.amend",
                    entity_type: "admin_unit",
                    entity_id: file.display().to_string(),
                    before: None,
                    after: Some(serde_json::json!({ "created": created })),
                },
            )
            .await?;
            tx.commit().await?;
            println!(
                "Đã áp dụng {} thay đổi; đơn vị mới: {}",
                amendments.len(),
                created.join(", ")
            );
            Ok(())
        }
    }
}

fn print_summary(what: &str, summary: &[ocop_storage::transfer::TableSummary]) {
    println!("{what}:");
    for table in summary {
        println!("  {:<24} {:>8} rows  sha256 {}", table.table, table.rows, table.sha256);
    }
}

async fn serve(bind: SocketAddr, demo: bool, secure_cookies: Option<bool>) -> anyhow::Result<()> {
    let limits = ocop_web::throttle::Limits::from_env().map_err(anyhow::Error::msg)?;
    let connections = config::connection_limits()?;
    let ctx = config::open(demo).await?;
    if demo && demo::is_empty(&ctx.db).await? {
        load_demo(&ctx, DemoScale::Standard).await?;
    }
    let secure_cookies = secure_cookies.unwrap_or(!bind.ip().is_loopback());
    crate::jobs::schedule_daily(ctx.db.clone());
    crate::audit::schedule_head_file(ctx.db.clone());
    let state = AppState {
        ctx,
        config: Arc::new(WebConfig {
            secure_cookies,
            public_base_url: config::public_base_url(bind),
            limits,
            connections,
        }),
    };
    println!("ocop: http://{bind}");
    ocop_web::serve(state, bind).await.context("server failed")
}

async fn load_demo(ctx: &ocop_service::Context, scale: DemoScale) -> anyhow::Result<()> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:28} [{bar:30}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let report = demo::load(&ctx.db, scale, &|p: Progress<'_>| {
        bar.set_message(p.stage.to_owned());
        bar.set_length(p.total);
        bar.set_position(p.done);
    })
    .await?;
    bar.finish_and_clear();
    println!(
        "Dữ liệu mẫu: {} chủ thể, {} sản phẩm, {} chứng nhận, {} giấy chứng nhận OCOP, {} tài khoản ({:.1} s)",
        report.producers,
        report.products,
        report.certifications,
        report.certificates,
        report.users,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
