//! `ocop`: the one binary. Serves the web application and the API, migrates
//! the database, loads demo data and manages accounts.

mod audit;
mod batches;
mod cli;
mod config;
mod criteria;
mod directives;
mod jobs;
mod reports;

use clap::Parser;

fn main() -> anyhow::Result<()> {
    let args = cli::Cli::parse();
    config::init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(cli::run(args))
}
