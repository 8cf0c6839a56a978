//! An export as a file's bytes, by format: the one place that maps a
//! format to its renderer, for the app and the command line alike.

use super::{CodebookTexts, SegmentOptions, SegmentTexts};
use crate::Project;
use crate::analysis::{Facts, TableExport, TableFormat};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

/// The kind of file an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A Word document.
    Docx,
    /// Markdown.
    Md,
    /// Comma- or semicolon-separated text.
    Csv,
    /// An Excel workbook.
    Xlsx,
    /// Plain text.
    Txt,
}

impl ExportFormat {
    /// The format a file name's extension names.
    pub fn from_extension(path: &std::path::Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_lowercase();
        Some(match ext.as_str() {
            "docx" => ExportFormat::Docx,
            "md" | "markdown" => ExportFormat::Md,
            "csv" => ExportFormat::Csv,
            "xlsx" => ExportFormat::Xlsx,
            "txt" => ExportFormat::Txt,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            ExportFormat::Docx => "docx",
            ExportFormat::Md => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Txt => "txt",
        }
    }
}

/// How to write an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportOptions {
    /// CSV: the separator (";" for Swedish Excel, ",").
    pub separator: String,
    /// CSV: begin with a UTF-8 byte-order mark (Excel then reads UTF-8).
    pub bom: bool,
    /// Coded segments: also those of discarded codes.
    pub include_discarded: bool,
    /// DOCX: the organisation's template (.docx or .dotx) whose styles to
    /// use.
    pub template: Option<String>,
    /// DOCX: a quote's note as a comment, or left out.
    pub notes: super::NoteMode,
    /// Chapters: a line under each quote saying where it comes from.
    pub include_sources: bool,
}

impl Default for ExportOptions {
    /// For Swedish Excel: `;` and a byte-order mark.
    fn default() -> Self {
        ExportOptions {
            separator: ";".into(),
            bom: true,
            include_discarded: false,
            template: None,
            notes: super::NoteMode::Comment,
            include_sources: true,
        }
    }
}

impl ExportOptions {
    /// How a Word document is written with these options.
    pub fn docx(&self, texts: super::ReportTexts) -> super::DocxOptions {
        super::DocxOptions {
            template: self.template.as_deref().map(PathBuf::from),
            notes: self.notes,
            texts,
            include_sources: self.include_sources,
        }
    }

    fn csv(&self) -> TableExport {
        TableExport {
            format: TableFormat::Csv,
            separator: self.separator.clone(),
            bom: self.bom,
        }
    }
}

fn unsupported(format: ExportFormat, expected: &str) -> Error {
    Error::BadValue {
        what: "export format",
        value: format.name().into(),
        expected: expected.into(),
    }
}

/// A file an export made, in memory, to be written whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The segments, codebook nodes or quotes it holds.
    pub rows: usize,
    /// Its quotes whose attribution may identify someone (flagged in it).
    pub warnings: usize,
}

/// The codebook as a DOCX, Markdown or CSV file: its nodes, and the
/// pinned examples flagged as possibly identifying someone.
pub fn codebook_file(
    p: &Project,
    facts: &Facts,
    population: &crate::attribution::Population,
    format: ExportFormat,
    texts: &CodebookTexts,
    options: &ExportOptions,
) -> Result<ExportFile> {
    let cb = super::codebook(p, facts, population, texts.language)?;
    let bytes = match format {
        ExportFormat::Docx => {
            let template = options.template.as_deref().map(PathBuf::from);
            super::codebook_docx(&cb, texts, template.as_deref())?
        }
        ExportFormat::Md => super::codebook_markdown(&cb, texts).into_bytes(),
        ExportFormat::Csv => super::codebook_csv(&cb, texts, &options.csv())?,
        ExportFormat::Xlsx | ExportFormat::Txt => {
            return Err(unsupported(format, "docx, md or csv"));
        }
    };
    Ok(ExportFile {
        bytes,
        rows: cb.entries.len(),
        warnings: super::report::flagged(cb.entries.iter().flat_map(|e| &e.examples)),
    })
}

/// The coded segments as a CSV or XLSX file, a row per coding.
pub fn segments_file(
    p: &Project,
    facts: &Facts,
    format: ExportFormat,
    texts: &SegmentTexts,
    options: &ExportOptions,
) -> Result<ExportFile> {
    let chosen = SegmentOptions {
        include_discarded: options.include_discarded,
    };
    let table = super::segments(p, facts, chosen, texts)?;
    let bytes = match format {
        ExportFormat::Csv => super::segments_csv(&table, &options.csv())?,
        ExportFormat::Xlsx => super::segments_xlsx(&table)?,
        ExportFormat::Docx | ExportFormat::Md | ExportFormat::Txt => {
            return Err(unsupported(format, "csv or xlsx"));
        }
    };
    Ok(ExportFile {
        bytes,
        rows: table.rows.len(),
        warnings: 0,
    })
}

/// A report (a chapter, a report skeleton) as a DOCX, Markdown or text
/// file: its quotes, and those flagged as possibly identifying someone.
pub fn report_file(
    report: &super::Report,
    format: ExportFormat,
    texts: &super::ReportTexts,
    options: &ExportOptions,
) -> Result<ExportFile> {
    let bytes = match format {
        ExportFormat::Docx => super::docx(report, &options.docx(texts.clone()))?,
        ExportFormat::Md => super::markdown(report, texts).into_bytes(),
        ExportFormat::Txt => super::plain_text(report, texts).into_bytes(),
        ExportFormat::Csv | ExportFormat::Xlsx => {
            return Err(unsupported(format, "docx, md or txt"));
        }
    };
    Ok(ExportFile {
        bytes,
        rows: report.quotes().count(),
        warnings: report.warnings(),
    })
}
