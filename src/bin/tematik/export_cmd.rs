//! `tematik export codebook|segments|report`: the codebook (DOCX,
//! Markdown, CSV), the coded segments (CSV, XLSX) and a report skeleton of
//! the themes with their example quotes (DOCX, Markdown, text, HTML) to a
//! file, written whole or not at all.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::{Path, PathBuf};
use tematik::Project;
use tematik::analysis::{self, Facts};
use tematik::export::{
    self, CodebookTexts, DocxOptions, ExportFormat, ExportOptions, NoteMode, SegmentTexts,
};

/// What to export.
#[derive(Subcommand)]
pub enum ExportCommand {
    /// The codebook: themes, subthemes and codes with definitions, scope
    /// notes, status and counts, as a table and a list (docx, md, csv).
    Codebook {
        project: PathBuf,
        #[command(flatten)]
        args: ExportArgs,
    },
    /// The coded segments: one row per coding (csv, xlsx).
    Segments {
        project: PathBuf,
        #[command(flatten)]
        args: ExportArgs,
    },
    /// A report skeleton: every theme, subtheme and code with its
    /// definition, scope notes and pinned example quotes (docx, md, txt,
    /// html).
    Report {
        project: PathBuf,
        #[command(flatten)]
        args: ExportArgs,
    },
}

/// How to export.
#[derive(Args)]
pub struct ExportArgs {
    /// docx, md, csv or xlsx (default: from the file's extension).
    #[arg(long)]
    format: Option<String>,
    /// The file to write.
    #[arg(short = 'o', long = "out")]
    out: PathBuf,
    /// CSV separator.
    #[arg(long, default_value = ";")]
    separator: String,
    /// CSV without a byte-order mark.
    #[arg(long)]
    no_bom: bool,
    /// Segments: also the codings of discarded codes.
    #[arg(long)]
    include_discarded: bool,
    /// DOCX: a Word template (.docx or .dotx) whose styles to use.
    #[arg(long)]
    template: Option<PathBuf>,
    /// The language of headers and labels: sv or en.
    #[arg(long, default_value = "sv")]
    lang: String,
}

fn format(a: &ExportArgs) -> Result<ExportFormat> {
    let named = match a.format.as_deref().map(str::to_lowercase).as_deref() {
        None => ExportFormat::from_extension(&a.out),
        Some("docx") => Some(ExportFormat::Docx),
        Some("md" | "markdown") => Some(ExportFormat::Md),
        Some("csv") => Some(ExportFormat::Csv),
        Some("xlsx") => Some(ExportFormat::Xlsx),
        Some(other) => bail!("--format {other}: use docx, md, csv or xlsx"),
    };
    match named {
        Some(f) => Ok(f),
        None => bail!(
            "{}: name the format with --format, or end the file in .docx, .md, .csv or .xlsx",
            a.out.display()
        ),
    }
}

fn english(a: &ExportArgs) -> Result<bool> {
    match a.lang.as_str() {
        "sv" => Ok(false),
        "en" => Ok(true),
        other => bail!("--lang {other}: use sv or en"),
    }
}

fn options(a: &ExportArgs) -> ExportOptions {
    ExportOptions {
        separator: a.separator.clone(),
        bom: !a.no_bom,
        include_discarded: a.include_discarded,
        template: a
            .template
            .as_ref()
            .map(|t| t.to_string_lossy().into_owned()),
        ..ExportOptions::default()
    }
}

fn write(out: &Path, (bytes, rows): (Vec<u8>, usize), what: &str, json: bool) -> Result<()> {
    analysis::write_file(out, &bytes)?;
    if json {
        println!(
            "{}",
            json!({ "path": out.to_string_lossy(), "bytes": bytes.len(), "rows": rows })
        );
    } else {
        println!(
            "{} written ({rows} {what}, {} bytes)",
            out.display(),
            bytes.len()
        );
    }
    Ok(())
}

/// `tematik export …`.
pub fn run_export(
    command: &ExportCommand,
    open: impl Fn(&Path) -> Result<Project>,
    json: bool,
) -> Result<()> {
    match command {
        ExportCommand::Codebook { project, args } => {
            let (p, english) = (open(project)?, english(args)?);
            let texts = if english {
                CodebookTexts::en()
            } else {
                CodebookTexts::sv()
            };
            let (facts, how) = (Facts::read(&p)?, options(args));
            let file = export::codebook_file(&p, &facts, format(args)?, &texts, &how)?;
            write(&args.out, file, "nodes", json)
        }
        ExportCommand::Segments { project, args } => {
            let (p, english) = (open(project)?, english(args)?);
            let texts = if english {
                SegmentTexts::en()
            } else {
                SegmentTexts::sv()
            };
            let (facts, how) = (Facts::read(&p)?, options(args));
            let file = export::segments_file(&p, &facts, format(args)?, &texts, &how)?;
            write(&args.out, file, "codings", json)
        }
        ExportCommand::Report { project, args } => {
            let (p, english) = (open(project)?, english(args)?);
            let texts = if english {
                CodebookTexts::en()
            } else {
                CodebookTexts::sv()
            };
            let cb = export::codebook(&p, &Facts::read(&p)?)?;
            let report = export::codebook_report(&cb, &texts);
            let kind = match &args.format {
                Some(f) => f.to_lowercase(),
                None => args
                    .out
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default(),
            };
            let bytes = match kind.as_str() {
                "docx" => export::docx(
                    &report,
                    &DocxOptions {
                        template: args.template.clone(),
                        notes: NoteMode::Comment,
                        texts: texts.report.clone(),
                        include_sources: false,
                    },
                )?,
                "md" => export::markdown(&report, &texts.report).into_bytes(),
                "txt" => export::plain_text(&report, &texts.report).into_bytes(),
                "html" => export::html(&report, &texts.report).into_bytes(),
                other => bail!("report format {other:?}: use docx, md, txt or html"),
            };
            write(&args.out, (bytes, report.sections.len()), "sections", json)
        }
    }
}
