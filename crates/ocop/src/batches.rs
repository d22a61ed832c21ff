//! `ocop batches …`: a batch's documents (result table, minutes, results decision) as .xlsx
//! or PDF, written to a file with the server's own rights.

use anyhow::{Context as _, bail};
use clap::Subcommand;
use ocop_service::councils::documents::{self, DocumentFile};

use crate::config;

#[derive(Debug, Subcommand)]
pub enum BatchesCommand {
    /// Write one document of an evaluation batch: results, minutes or decision, as .xlsx or .pdf
    /// (e.g. `ocop batches document BATCH_ID minutes.pdf --output bien-ban.pdf`).
    Document {
        /// The batch's id.
        batch: uuid::Uuid,
        /// results.xlsx, minutes.xlsx, decision.xlsx, results.pdf, minutes.pdf or decision.pdf.
        document: String,
        /// The file to write.
        #[arg(long)]
        output: std::path::PathBuf,
    },
}

pub async fn run(command: BatchesCommand) -> anyhow::Result<()> {
    match command {
        BatchesCommand::Document {
            batch,
            document,
            output,
        } => {
            let Some(file) = DocumentFile::parse(&document) else {
                bail!("không có tài liệu {document:?} (unknown document): results|minutes|decision .xlsx|.pdf");
            };
            let ctx = config::open(false).await?;
            let bytes = documents::render_file_as_operator(&ctx.db, batch, file)
                .await
                .map_err(|e| match e.code() {
                    ocop_domain::ErrorCode::NotFound => {
                        anyhow::anyhow!("không có đợt đánh giá {batch} (no such batch)")
                    }
                    ocop_domain::ErrorCode::BatchState => {
                        anyhow::anyhow!("đợt chưa có kết quả chấm điểm (the batch has no results yet)")
                    }
                    _ => e.into(),
                })?;
            std::fs::write(&output, &bytes).with_context(|| format!("cannot write {}", output.display()))?;
            println!("{} ({} bytes)", output.display(), bytes.len());
            Ok(())
        }
    }
}
