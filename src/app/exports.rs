//! The codebook and the coded segments out of the app, as files: each
//! export is made in memory over the session's facts, then written whole
//! or not at all ([`analysis::write_file`]), and answers what it wrote.

use super::views::Language;
use super::{ApiResult, App};
use crate::analysis::{self, Facts};
use crate::error::{Error, Result};
use crate::export::{self, CodebookTexts, SegmentTexts};
use serde::{Deserialize, Serialize};
use std::path::Path;
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

fn written(path: &Path, (bytes, rows): (Vec<u8>, usize)) -> ApiResult<ExportWritten> {
    analysis::write_file(path, &bytes)?;
    Ok(ExportWritten {
        path: path.to_string_lossy().into_owned(),
        bytes: bytes.len() as u64,
        rows: rows as u32,
        warnings: 0,
        elapsed_ms: 0.0,
    })
}

impl App {
    /// Makes an export's file over the session's project and facts, in the
    /// user's language, and writes it whole.
    fn export_file(
        &self,
        path: &Path,
        make: impl FnOnce(&crate::Project, &Facts, Language) -> Result<(Vec<u8>, usize)>,
    ) -> ApiResult<ExportWritten> {
        let lang = self.language()?;
        let file = self.with(|s| {
            let (project, facts) = s.project_and_facts()?;
            make(project, facts, lang)
        })?;
        written(path, file)
    }

    /// Writes the codebook (table and list) as DOCX, Markdown or CSV.
    pub fn export_codebook(
        &self,
        format: ExportFormat,
        path: &Path,
        options: ExportOptions,
    ) -> ApiResult<ExportWritten> {
        self.export_file(path, |p, f, lang| {
            let texts = match lang {
                Language::Sv => CodebookTexts::sv(),
                Language::En => CodebookTexts::en(),
            };
            export::codebook_file(p, f, format, &texts, &options)
        })
    }

    /// Writes the coded segments, one row per coding, as CSV or XLSX.
    pub fn export_segments(
        &self,
        format: ExportFormat,
        path: &Path,
        options: ExportOptions,
    ) -> ApiResult<ExportWritten> {
        self.export_file(path, |p, f, lang| {
            let texts = match lang {
                Language::Sv => SegmentTexts::sv(),
                Language::En => SegmentTexts::en(),
            };
            export::segments_file(p, f, format, &texts, &options)
        })
    }
}
