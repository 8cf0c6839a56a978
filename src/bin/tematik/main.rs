//! `tematik`: the command line over Tematik's core, for scripting and tests.
//!
//! This binary only parses arguments, calls the core and prints. Every
//! command takes the project file as its first argument; `--json` prints
//! machine-readable output, and errors go to stderr with a non-zero exit.

mod analysis_cmd;
mod chapter_cmd;
mod export_cmd;
mod import_cmd;
mod review_cmd;
mod search_cmd;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tematik::storage::CodeSpan;
use tematik::{CoderId, LocalIdentity, Project, SystemClock, Template};

#[derive(Parser)]
#[command(
    name = "tematik",
    version,
    about = "Tematik – tematisk analys / thematic analysis, from the command line"
)]
struct Cli {
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// The name of this computer's coder (recorded in the history). Defaults
    /// to $TEMATIK_CODER, then $USER. The coder is this computer's identity,
    /// kept in $TEMATIK_CONFIG_DIR (default: the user's config directory,
    /// shared with the desktop app); the name only names it.
    #[arg(long, global = true)]
    coder: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new project file.
    New {
        /// Where to create it (conventionally *.tematik).
        project: PathBuf,
        /// Start from a template: blank or nvos.
        #[arg(long, default_value = "blank")]
        template: Template,
        /// The project's name (defaults to the file name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Create the demo project (the NVOS codebook, two focus groups and
    /// survey answers, partly coded) and show its code tree.
    Demo {
        /// Where to create it.
        #[arg(default_value = "demo.tematik")]
        project: PathBuf,
    },
    /// Import transcripts and interviews (.txt, .docx, .vtt, .srt).
    Import {
        project: PathBuf,
        #[command(flatten)]
        args: import_cmd::ImportArgs,
    },
    /// Import free-text survey answers (.csv, .xlsx).
    ImportSurvey {
        project: PathBuf,
        #[command(flatten)]
        args: import_cmd::ImportSurveyArgs,
    },
    /// Search passages and codings (words, "phrases", prefix*, AND/OR/NOT) with filters.
    Search {
        project: PathBuf,
        #[command(flatten)]
        args: search_cmd::SearchArgs,
    },
    /// The coded quotes of a code or theme (with the codes below it), with context.
    Quotes {
        project: PathBuf,
        #[command(flatten)]
        args: search_cmd::QuotesArgs,
    },
    /// Count a matrix: themes or codes × a tag dimension, an attribute,
    /// documents or coders (CSV; --json; --out file.csv|.xlsx).
    Matrix {
        project: PathBuf,
        #[command(flatten)]
        args: analysis_cmd::MatrixArgs,
    },
    /// Count where codes meet: overlapping, in one turn or one document.
    Cooccurrence {
        project: PathBuf,
        #[command(flatten)]
        args: analysis_cmd::CooccurrenceArgs,
    },
    /// Export the codebook (docx, md, csv) or the coded segments (csv,
    /// xlsx) to a file (-o FILE).
    Export {
        #[command(subcommand)]
        what: export_cmd::ExportCommand,
    },
    /// Show a project's name, identity, revision and counts.
    Info { project: PathBuf },
    /// List documents.
    Documents { project: PathBuf },
    /// Show the code tree with coding counts.
    Codes { project: PathBuf },
    /// Code a span of a document.
    Code {
        project: PathBuf,
        /// Document name or id.
        #[arg(long)]
        doc: String,
        /// Start position (Unicode code points, inclusive).
        #[arg(long)]
        start: usize,
        /// End position (code points, exclusive).
        #[arg(long)]
        end: usize,
        /// Code: id, path (Theme/Code) or unique name.
        #[arg(long)]
        code: String,
        /// Create the code (under --parent) if it does not exist.
        #[arg(long)]
        create: bool,
        /// Parent for --create: id, path or unique name.
        #[arg(long)]
        parent: Option<String>,
        /// Level (Nivå): makro, meso or mikro.
        #[arg(long)]
        level: Option<String>,
        /// Focus area (Fokusområde); repeat for several.
        #[arg(long)]
        focus: Vec<String>,
        /// Snap the span to word boundaries first.
        #[arg(long)]
        snap: bool,
    },
    /// Remove the coding of a code on exactly this span (yours).
    Uncode {
        project: PathBuf,
        #[arg(long)]
        doc: String,
        #[arg(long)]
        start: usize,
        #[arg(long)]
        end: usize,
        #[arg(long)]
        code: String,
        /// Remove it even when it is quoted in quote sets (from them too).
        #[arg(long)]
        also_from_quote_sets: bool,
    },
    /// Undo the last change.
    Undo { project: PathBuf },
    /// Redo the change undone last.
    Redo { project: PathBuf },
    /// Show the change history, newest first.
    History {
        project: PathBuf,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    #[command(flatten)]
    Review(review_cmd::ReviewCommand),
    /// Quote sets for report chapters: list, show, create, add, move, note, trim, attribute …
    #[command(subcommand)]
    QuoteSet(chapter_cmd::QuoteSetCommand),
    /// Show or change the project's attribution templates and the k of the
    /// re-identification warning.
    Attribution {
        project: PathBuf,
        /// The template of quotes from transcripts ("– {Yrke|speaker:lower}[, team {Team}]").
        #[arg(long)]
        transcript: Option<String>,
        /// The template of survey answers.
        #[arg(long)]
        survey: Option<String>,
        /// Warn when an attribution fits fewer participants than this.
        #[arg(long)]
        k: Option<u32>,
    },
}

fn coder_name(cli: &Cli) -> String {
    cli.coder
        .clone()
        .or_else(|| std::env::var("TEMATIK_CODER").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "Kodare".to_owned())
}

fn open(path: &Path) -> Result<Project> {
    Ok(Project::open(path, Arc::new(SystemClock))?)
}

/// This computer's identity, from $TEMATIK_CONFIG_DIR or the config
/// directory the desktop app uses too.
fn identity() -> Result<LocalIdentity> {
    let dir = match std::env::var_os("TEMATIK_CONFIG_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => tematik::identity::default_dir().ok_or_else(|| {
            anyhow::anyhow!("this system has no config directory; set TEMATIK_CONFIG_DIR")
        })?,
    };
    Ok(LocalIdentity::load_or_create(&dir)?)
}

/// Makes `p` act as this computer: its undo entries are this computer's,
/// and the coder is this computer's coder, named as `--coder` says.
fn act_here(cli: &Cli, p: &mut Project) -> Result<CoderId> {
    let me = identity()?;
    p.set_origin(me.computer);
    Ok(p.ensure_coder(me.coder, &coder_name(cli))?)
}

/// Opens a project to change it, as this computer's coder.
fn open_here(cli: &Cli, path: &Path) -> Result<(Project, CoderId)> {
    let mut p = open(path)?;
    let by = act_here(cli, &mut p)?;
    Ok((p, by))
}

fn print_json(value: serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(&value).expect("JSON values serialise")
    );
}

fn main() {
    let cli = Cli::parse();
    if let Err(err) = run(&cli) {
        // The core's errors carry a stable code and their fields; the
        // command line's own (a bad argument) are plain "error"s.
        let core = err.downcast_ref::<tematik::Error>();
        let code = core.map_or("error", |e| e.code().as_str());
        let details = core.map(tematik::Error::details).unwrap_or_default();
        if cli.json {
            eprintln!(
                "{}",
                json!({ "error": { "code": code, "message": format!("{err:#}"), "details": details } })
            );
        } else {
            eprintln!("tematik: {err:#}");
        }
        std::process::exit(1);
    }
}

fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::New {
            project,
            template,
            name,
        } => {
            let name = name.clone().unwrap_or_else(|| {
                project
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Projekt".into())
            });
            let mut p = Project::create(project, &name, Arc::new(SystemClock))?;
            let by = act_here(cli, &mut p)?;
            tematik::template::apply(&mut p, by, *template)?;
            let info = p.info()?;
            if cli.json {
                print_json(serde_json::to_value(&info)?);
            } else {
                println!(
                    "Created {} ({} codes)",
                    project.display(),
                    info.counts.codes
                );
            }
        }
        Command::Demo { project } => {
            if !project.exists() {
                tematik::demo::create(
                    project,
                    Arc::new(SystemClock),
                    &identity()?,
                    &coder_name(cli),
                )?;
            }
            let p = open(project)?;
            let info = p.info()?;
            println!("{} ({})", info.name, project.display());
            let c = &info.counts;
            println!(
                "  {} documents, {} codes, {} codings, {} memos",
                c.documents, c.codes, c.codings, c.memos
            );
            for d in p.dimensions()? {
                let values: Vec<&str> = d.values.iter().map(|v| v.label.as_str()).collect();
                println!("  {}: {}", d.name, values.join(", "));
            }
            for node in p.code_tree()? {
                println!(
                    "  {}{} ({} codings)",
                    "  ".repeat(node.depth),
                    node.code.name,
                    node.codings_with_descendants
                );
            }
            println!(
                "Try: tematik search {0} samverkan · tematik quotes {0} --code Samverkan",
                project.display()
            );
        }
        Command::Import { project, args } => {
            let (mut p, by) = open_here(cli, project)?;
            import_cmd::run_import(&mut p, by, args, cli.json)?;
        }
        Command::ImportSurvey { project, args } => {
            let (mut p, by) = open_here(cli, project)?;
            import_cmd::run_import_survey(&mut p, by, args, cli.json)?;
        }
        Command::Search { project, args } => {
            search_cmd::run_search(&mut open(project)?, args, cli.json)?;
        }
        Command::Quotes { project, args } => {
            search_cmd::run_quotes(&mut open(project)?, args, cli.json)?;
        }
        Command::Matrix { project, args } => {
            analysis_cmd::run_matrix(&open(project)?, args, cli.json)?;
        }
        Command::Cooccurrence { project, args } => {
            analysis_cmd::run_cooccurrence(&open(project)?, args, cli.json)?;
        }
        Command::Export { what } => export_cmd::run_export(what, open, cli.json)?,
        Command::Info { project } => {
            let info = open(project)?.info()?;
            if cli.json {
                print_json(serde_json::to_value(&info)?);
            } else {
                let c = &info.counts;
                println!(
                    "{}\n  id        {}\n  created   {}\n  format    {}\n  revision  {}",
                    info.name, info.id, info.created_at, info.schema_version, info.revision
                );
                println!(
                    "  {} documents ({} words), {} cases, {} codes, {} codings, {} memos, {} coders",
                    c.documents, c.words, c.cases, c.codes, c.codings, c.memos, c.coders
                );
            }
        }
        Command::Documents { project } => {
            let docs = open(project)?.documents()?;
            if cli.json {
                print_json(serde_json::to_value(&docs)?);
            } else {
                for d in docs {
                    println!(
                        "{:<40} {:<14} {:>7} words {:>5} codings  {}",
                        d.name,
                        d.kind.as_str(),
                        d.word_count,
                        d.codings,
                        d.id
                    );
                }
            }
        }
        Command::Codes { project } => {
            let p = open(project)?;
            let tree = p.code_tree()?;
            if cli.json {
                print_json(serde_json::to_value(&tree)?);
            } else {
                for node in tree {
                    let indent = "  ".repeat(node.depth);
                    println!(
                        "{indent}{} ({}, {}{})  {} codings ({} with codes below)",
                        node.code.name,
                        node.code.role.as_str(),
                        node.code.status.as_str(),
                        if node.discarded { ", discarded" } else { "" },
                        node.codings,
                        node.codings_with_descendants
                    );
                }
            }
        }
        Command::Code {
            project,
            doc,
            start,
            end,
            code,
            create,
            parent,
            level,
            focus,
            snap,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let document = p.find_document(doc)?;
            let mut tags = Vec::new();
            if let Some(l) = level {
                tags.push(p.find_tag_value(Some("niva"), l)?.id);
            }
            for f in focus {
                tags.push(p.find_tag_value(Some("fokusomrade"), f)?.id);
            }
            let (mut s, mut e) = (*start, *end);
            if *snap {
                let text = p.document(document.id)?.text;
                (s, e) = tematik::text::snap_to_words(&text, s, e)?;
            }
            let existing = match p.find_code(code) {
                Ok(c) => Some(c.id),
                Err(tematik::Error::UnknownName { .. }) if *create => None,
                Err(err) => return Err(err.into()),
            };
            let (code_id, coding) = match existing {
                Some(code_id) => (
                    code_id,
                    p.code_span(
                        by,
                        CodeSpan {
                            document_id: document.id,
                            start: s,
                            end: e,
                            code_id,
                            tags,
                        },
                    )?,
                ),
                None => {
                    let parent_id = parent
                        .as_deref()
                        .map(|r| p.find_code(r))
                        .transpose()?
                        .map(|c| c.id);
                    p.code_span_with_new_code(
                        by,
                        tematik::storage::NewCode {
                            name: code.clone(),
                            parent_id,
                            ..Default::default()
                        },
                        document.id,
                        s,
                        e,
                        tags,
                    )?
                }
            };
            let c = p.coding(coding)?;
            if cli.json {
                print_json(serde_json::to_value(&c)?);
            } else {
                println!(
                    "Coded {}–{} of \"{}\" with {}: \"{}\"",
                    c.start,
                    c.end,
                    document.name,
                    p.code_path(code_id)?,
                    c.text
                );
            }
        }
        Command::Uncode {
            project,
            also_from_quote_sets,
            doc,
            start,
            end,
            code,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let document = p.find_document(doc)?;
            let code = p.find_code(code)?;
            let Some(coding) = p.find_coding(document.id, *start, *end, code.id, by)? else {
                bail!(
                    "no coding of \"{}\" on {start}–{end} of \"{}\" by {}",
                    code.name,
                    document.name,
                    coder_name(cli)
                );
            };
            p.uncode(by, coding, *also_from_quote_sets)?;
            if cli.json {
                print_json(json!({ "removed": coding }));
            } else {
                println!("Removed the coding of \"{}\" on {start}–{end}", code.name);
            }
        }
        Command::Undo { project } | Command::Redo { project } => {
            let (mut p, by) = open_here(cli, project)?;
            let outcome = if matches!(cli.command, Command::Undo { .. }) {
                p.undo(by)?
            } else {
                p.redo(by)?
            };
            if cli.json {
                print_json(serde_json::to_value(&outcome)?);
            } else {
                println!(
                    "{}",
                    p.history(1)?
                        .first()
                        .map(|h| h.summary.clone())
                        .unwrap_or_default()
                );
            }
        }
        Command::Review(command) => review_cmd::run(cli, command)?,
        Command::QuoteSet(command) => chapter_cmd::run(cli, command)?,
        Command::Attribution {
            project,
            transcript,
            survey,
            k,
        } => chapter_cmd::run_attribution(cli, project, transcript, survey, k)?,
        Command::History { project, limit } => {
            let entries = open(project)?.history(*limit)?;
            if cli.json {
                print_json(serde_json::to_value(&entries)?);
            } else {
                for h in entries {
                    println!(
                        "{:>5}  {}  {:<12} {}",
                        h.seq,
                        h.at.format("%Y-%m-%d %H:%M:%S"),
                        h.coder_name,
                        h.summary
                    );
                }
            }
        }
    }
    Ok(())
}
