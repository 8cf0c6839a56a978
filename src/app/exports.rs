//! The codebook and the coded segments out of the app, as files: each
//! export is made in memory over the session's facts, then written whole
//! or not at all ([`analysis::write_file`]), and answers what it wrote.

use super::{ApiResult, App};
use crate::analysis::{self, Facts};
use crate::error::{Error, Result};
use crate::export::{self, CodebookTexts, ExportFile, SegmentTexts};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;
use ts_rs::TS;

pub use crate::export::{ExportFormat, ExportOptions};

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ExportWritten {
    /// The file.
    pub path: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Rows (segments), nodes (codebook) or quotes (chapters) written.
    pub rows: u32,
    /// Quotes whose attribution may identify someone, flagged in the file.
    pub warnings: u32,
    /// How long it took.
    pub elapsed_ms: f64,
}

impl super::session::Session {
    /// The project beside its facts (read when needed), for an export that
    /// reads both.
    pub(crate) fn project_and_facts(&mut self) -> Result<(&crate::Project, &Facts)> {
        self.facts()?;
        match &self.facts {
            Some((_, f)) => Ok((&self.project, f)),
            None => Err(Error::internal("the analysis facts were not read")),
        }
    }
}

/// Writes an export's file whole (or not at all) and says what it wrote
/// and how long it took since `started`.
pub(crate) fn written(path: &Path, file: ExportFile, started: Instant) -> ApiResult<ExportWritten> {
    analysis::write_file(path, &file.bytes)?;
    Ok(ExportWritten {
        path: path.to_string_lossy().into_owned(),
        bytes: file.bytes.len() as u64,
        rows: file.rows as u32,
        warnings: file.warnings as u32,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

impl App {
    /// Writes the codebook (table and list) as DOCX, Markdown or CSV, its
    /// pinned examples attributed and flagged as a chapter's quotes are.
    pub fn export_codebook(
        &self,
        format: ExportFormat,
        path: &Path,
        options: ExportOptions,
    ) -> ApiResult<ExportWritten> {
        let started = Instant::now();
        let texts = CodebookTexts::of(self.language()?);
        let file = self.with(|s| {
            let population = s.population()?;
            let (p, f) = s.project_and_facts()?;
            export::codebook_file(p, f, &population, format, &texts, &options)
        })?;
        written(path, file, started)
    }

    /// Writes the coded segments, one row per coding, as CSV or XLSX.
    pub fn export_segments(
        &self,
        format: ExportFormat,
        path: &Path,
        options: ExportOptions,
    ) -> ApiResult<ExportWritten> {
        let started = Instant::now();
        let texts = SegmentTexts::of(self.language()?);
        let file = self.with(|s| {
            let (p, f) = s.project_and_facts()?;
            export::segments_file(p, f, format, &texts, &options)
        })?;
        written(path, file, started)
    }
}
