//! Exports for authors: a report (a chapter's quotes under its themes) to
//! Word with real styles, Markdown, plain text and HTML for the clipboard;
//! the codebook (table and list) to Word, Markdown and CSV; the coded
//! segments (one row per coding) to CSV and XLSX.
//!
//! - `report.rs`: the report model the app fills, and the options;
//! - `docx.rs`: Word documents through docx-rs, every paragraph in a named
//!   style; `template.rs`: an organisation's template's styles, by name;
//! - `text.rs`: Markdown, plain text, HTML, each escaping the user's text;
//! - `codebook.rs`, `segments.rs`: the two tables, from the analysis facts;
//! - `files.rs`: an export's bytes by format (the app and the command line).
//!
//! CSV goes through `analysis::export` (the one formula-safe CSV writer)
//! and files are written whole or not at all by its `write_file`.

mod codebook;
mod docx;
mod files;
mod report;
mod segments;
mod template;
mod text;

pub use codebook::{
    Codebook, CodebookEntry, CodebookTexts, codebook, codebook_csv, codebook_docx,
    codebook_markdown, codebook_report,
};
pub use docx::docx;
pub use files::{
    ExportFile, ExportFormat, ExportOptions, codebook_file, report_file, segments_file,
};
pub use report::{DocxOptions, NoteMode, Report, ReportQuote, ReportTexts, Section};
pub use segments::{
    SegmentColumn, SegmentOptions, SegmentTable, SegmentTexts, segments, segments_csv,
    segments_xlsx,
};
pub use text::{html, markdown, plain_text};
