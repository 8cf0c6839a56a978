//! `tematik export codebook|segments|report|chapter`: the codebook (DOCX,
//! Markdown, CSV), the coded segments (CSV, XLSX), a report skeleton of
//! themes and quote sets as a chapter (DOCX, Markdown, text) to a file,
//! written whole or not at all.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::{Path, PathBuf};
use tematik::Project;
use tematik::analysis::{self, Facts};
use tematik::attribution::Population;
use tematik::chapter;
use tematik::export::{
    self, CodebookTexts, ExportFile, ExportFormat, ExportOptions, NoteMode, ReportTexts,
    SegmentTexts,
};
use tematik::model::Language;

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
    /// A report skeleton of themes: each with its definition, scope notes,
    /// pinned examples and the quote finder's best quotes, and its subthemes
    /// (docx, md, txt). Attributions that may identify someone are flagged.
    Report {
        project: PathBuf,
        /// A theme (id, path or unique name); repeatable. Default: every
        /// theme at the top of the tree.
        #[arg(long = "theme")]
        themes: Vec<String>,
        /// Quotes per theme at most.
        #[arg(long, default_value_t = 20)]
        quotes: usize,
        #[command(flatten)]
        args: ExportArgs,
    },
    /// Quote sets as a chapter: a section per set with its quotes as the set
    /// prints them (docx, md, txt).
    Chapter {
        project: PathBuf,
        /// A quote set (id or name); repeatable, in the chapter's order.
        #[arg(long = "set", required = true)]
        sets: Vec<String>,
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
    /// DOCX: a quote's note as a comment, or left out (comment, omit).
    #[arg(long, default_value = "comment")]
    notes: String,
    /// Chapters: no line under each quote saying where it comes from.
    #[arg(long)]
    no_sources: bool,
}

fn format(a: &ExportArgs) -> Result<ExportFormat> {
    let named = match a.format.as_deref().map(str::to_lowercase).as_deref() {
        None => ExportFormat::from_extension(&a.out),
        Some("docx") => Some(ExportFormat::Docx),
        Some("md" | "markdown") => Some(ExportFormat::Md),
        Some("csv") => Some(ExportFormat::Csv),
        Some("xlsx") => Some(ExportFormat::Xlsx),
        Some("txt" | "text") => Some(ExportFormat::Txt),
        Some(other) => bail!("--format {other}: use docx, md, txt, csv or xlsx"),
    };
    match named {
        Some(f) => Ok(f),
        None => bail!(
            "{}: name the format with --format, or end the file in .docx, .md, .txt, .csv or .xlsx",
            a.out.display()
        ),
    }
}

fn language(a: &ExportArgs) -> Result<Language> {
    match a.lang.as_str() {
        "sv" => Ok(Language::Sv),
        "en" => Ok(Language::En),
        other => bail!("--lang {other}: use sv or en"),
    }
}

fn options(a: &ExportArgs) -> Result<ExportOptions> {
    let notes = match a.notes.as_str() {
        "comment" => NoteMode::Comment,
        "omit" => NoteMode::Omit,
        other => bail!("--notes {other}: use comment or omit"),
    };
    Ok(ExportOptions {
        separator: a.separator.clone(),
        bom: !a.no_bom,
        include_discarded: a.include_discarded,
        template: a
            .template
            .as_ref()
            .map(|t| t.to_string_lossy().into_owned()),
        notes,
        include_sources: !a.no_sources,
    })
}

fn write(out: &Path, file: ExportFile, what: &str, json: bool) -> Result<()> {
    analysis::write_file(out, &file.bytes)?;
    let (bytes, rows, warnings) = (file.bytes.len(), file.rows, file.warnings);
    if json {
        println!(
            "{}",
            json!({ "path": out.to_string_lossy(), "bytes": bytes, "rows": rows, "warnings": warnings })
        );
    } else {
        println!("{} written ({rows} {what}, {bytes} bytes)", out.display());
        if warnings > 0 {
            eprintln!(
                "{warnings} quote(s) have an attribution that may identify someone: flagged in the file"
            );
        }
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
            let p = open(project)?;
            let texts = CodebookTexts::of(language(args)?);
            let (facts, how) = (Facts::read(&p)?, options(args)?);
            let population = Population::read(&p)?;
            let file = export::codebook_file(&p, &facts, &population, format(args)?, &texts, &how)?;
            write(&args.out, file, "nodes", json)
        }
        ExportCommand::Segments { project, args } => {
            let p = open(project)?;
            let texts = SegmentTexts::of(language(args)?);
            let (facts, how) = (Facts::read(&p)?, options(args)?);
            let file = export::segments_file(&p, &facts, format(args)?, &texts, &how)?;
            write(&args.out, file, "codings", json)
        }
        ExportCommand::Report {
            project,
            themes,
            quotes,
            args,
        } => {
            let p = open(project)?;
            let themes = if themes.is_empty() {
                p.code_tree()?
                    .into_iter()
                    .filter(|n| n.depth == 0 && !n.discarded)
                    .map(|n| n.code.id)
                    .collect()
            } else {
                themes
                    .iter()
                    .map(|t| Ok(p.find_code(t)?.id))
                    .collect::<Result<Vec<_>>>()?
            };
            let source = chapter::ReportSource::Themes {
                themes,
                quotes_per_theme: (*quotes).max(1),
            };
            chapter_file(&p, &source, args, json)
        }
        ExportCommand::Chapter {
            project,
            sets,
            args,
        } => {
            let p = open(project)?;
            let sets = sets
                .iter()
                .map(|s| super::chapter_cmd::find_set(&p, s))
                .collect::<Result<Vec<_>>>()?;
            chapter_file(&p, &chapter::ReportSource::QuoteSets(sets), args, json)
        }
    }
}

/// Writes a chapter or report skeleton and says how many quotes warn.
fn chapter_file(
    p: &Project,
    source: &chapter::ReportSource,
    args: &ExportArgs,
    json: bool,
) -> Result<()> {
    let lang = language(args)?;
    let population = Population::read(p)?;
    let report = chapter::report(
        p,
        &Facts::read(p)?,
        &population,
        &p.project_settings()?,
        source,
        lang,
    )?;
    let file = export::report_file(
        &report,
        format(args)?,
        &ReportTexts::of(lang),
        &options(args)?,
    )?;
    write(&args.out, file, "quotes", json)
}
