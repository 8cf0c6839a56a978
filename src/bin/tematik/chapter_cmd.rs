//! `tematik quote-set …` and `tematik attribution`: quote sets for report
//! chapters (create, add, order, note, trim, attribute, show) and the
//! project's attribution settings, from the command line.
//!
//! A set is named by its id or its name; a quote by its coding's id (as
//! `tematik quote-set show` prints them); positions are counted from 1.

use super::{Cli, open, open_here, print_json};
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use tematik::app::risk_reason;
use tematik::app::views::Language;
use tematik::attribution::Population;
use tematik::chapter;
use tematik::storage::ProjectSettings;
use tematik::{CodingId, Project, QuoteSetId};

/// What `tematik quote-set` does.
#[derive(Subcommand)]
pub enum QuoteSetCommand {
    /// List the quote sets with their quotes and warnings.
    List { project: PathBuf },
    /// Show a set's quotes as its chapter prints them, with attributions,
    /// re-identification warnings and where each comes from.
    Show { project: PathBuf, set: String },
    /// Create a quote set (after the others).
    Create { project: PathBuf, name: String },
    /// Rename a quote set.
    Rename {
        project: PathBuf,
        set: String,
        name: String,
    },
    /// Describe a quote set (what the chapter is about).
    Describe {
        project: PathBuf,
        set: String,
        description: String,
    },
    /// Delete a quote set (its codings stay).
    Delete { project: PathBuf, set: String },
    /// Move a set to a place among the sets, from 1.
    Place {
        project: PathBuf,
        set: String,
        position: usize,
    },
    /// Add a coding to a set (at the end, or at --position).
    Add {
        project: PathBuf,
        set: String,
        coding: String,
        #[arg(long)]
        position: Option<usize>,
        /// A note on the quote.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Remove a quote from a set.
    Remove {
        project: PathBuf,
        set: String,
        coding: String,
    },
    /// Move a quote to a place within its set, from 1.
    Move {
        project: PathBuf,
        set: String,
        coding: String,
        position: usize,
    },
    /// Write the note on a quote.
    Note {
        project: PathBuf,
        set: String,
        coding: String,
        note: String,
    },
    /// Trim a quote to parts of its coding: offsets in code points from
    /// the coding's start, "0-40,62-110"; the gaps print as "[…]". --whole
    /// quotes the whole coding again.
    Trim {
        project: PathBuf,
        set: String,
        coding: String,
        #[arg(long, required_unless_present = "whole")]
        parts: Option<String>,
        #[arg(long, conflicts_with = "parts")]
        whole: bool,
    },
    /// Give a quote an attribution template of its own; --coarser takes the
    /// suggested one of a warning, --project the project's again.
    Attribute {
        project: PathBuf,
        set: String,
        coding: String,
        #[arg(long, required_unless_present_any = ["coarser", "project_template"])]
        template: Option<String>,
        #[arg(long, conflicts_with = "template")]
        coarser: bool,
        #[arg(long = "project", conflicts_with_all = ["template", "coarser"])]
        project_template: bool,
    },
}

/// The quote set named `name` (its id or its name, any case).
pub fn find_set(p: &Project, name: &str) -> Result<QuoteSetId> {
    let sets = p.quote_sets()?;
    if let Some(s) = sets
        .iter()
        .find(|s| s.id.to_string() == name.trim())
        .or_else(|| {
            sets.iter()
                .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
        })
    {
        return Ok(s.id);
    }
    let names: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
    bail!(
        "no quote set \"{name}\" (the project has: {})",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    )
}

fn coding_id(s: &str) -> Result<CodingId> {
    s.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("\"{s}\" is not a coding id (see `tematik quote-set show`)"))
}

fn from_one(position: usize) -> Result<usize> {
    position
        .checked_sub(1)
        .context("positions are counted from 1")
}

/// "0-40,62-110" → code-point parts from the coding's start.
fn parse_parts(text: &str, start: usize) -> Result<Vec<(usize, usize)>> {
    text.split(',')
        .map(|part| {
            let (a, b) = part
                .trim()
                .split_once('-')
                .with_context(|| format!("\"{part}\" is not a part like 0-40"))?;
            let a: usize = a
                .trim()
                .parse()
                .with_context(|| format!("\"{a}\" is not a number"))?;
            let b: usize = b
                .trim()
                .parse()
                .with_context(|| format!("\"{b}\" is not a number"))?;
            Ok((start + a, start + b))
        })
        .collect()
}

fn show(cli: &Cli, p: &Project, set: QuoteSetId) -> Result<()> {
    let population = Population::read(p)?;
    let settings = p.project_settings()?;
    let info = p.quote_set(set)?;
    let quotes = chapter::quotes_of_set(p, &info, &population, &settings)?;
    if cli.json {
        let quotes: Vec<_> = quotes
            .iter()
            .map(|q| {
                json!({
                    "coding": q.coding.id,
                    "code": q.code_path,
                    "document": q.document_name,
                    "speaker": q.speaker,
                    "turn": q.turn,
                    "text": q.text,
                    "note": q.item.note,
                    "template": q.template,
                    "attribution": q.attribution.text,
                    "missing": q.attribution.missing,
                    "warning": q.risk.as_ref().map(|r| json!({
                        "participants": r.participants,
                        "k": r.k,
                        "reason": risk_reason(r, Language::En),
                    })),
                    "coarser": q.coarser.as_ref().map(|c| json!({"template": c.template, "attribution": c.text})),
                    "other_sets": q.other_sets.iter().map(|(_, n)| n).collect::<Vec<_>>(),
                })
            })
            .collect();
        print_json(
            json!({ "id": set, "name": info.name, "description": info.description, "quotes": quotes }),
        );
        return Ok(());
    }
    println!("{}", info.name);
    if !info.description.is_empty() {
        println!("{}", info.description);
    }
    for (i, q) in quotes.iter().enumerate() {
        println!("\n{}. «{}»", i + 1, q.text);
        println!("   {}", q.attribution.text);
        if let Some(r) = &q.risk {
            println!("   ⚠ {}", risk_reason(r, Language::En));
            if let Some(c) = &q.coarser {
                println!("     coarser: {}   ({})", c.text, c.template);
            }
        }
        let mut source = vec![q.document_name.clone()];
        source.extend(q.speaker.clone());
        source.extend(q.turn.map(|t| format!("turn {t}")));
        println!(
            "   {} · {} · coding {}",
            source.join(" · "),
            q.code_path,
            q.coding.id
        );
        if !q.item.note.is_empty() {
            println!("   note: {}", q.item.note);
        }
        if !q.other_sets.is_empty() {
            let names: Vec<&str> = q.other_sets.iter().map(|(_, n)| n.as_str()).collect();
            println!("   also in: {}", names.join(", "));
        }
    }
    Ok(())
}

/// Runs a `tematik quote-set` command.
pub fn run(cli: &Cli, command: &QuoteSetCommand) -> Result<()> {
    use QuoteSetCommand as Q;
    match command {
        Q::List { project } => {
            let p = open(project)?;
            let population = Population::read(&p)?;
            let settings = p.project_settings()?;
            let mut rows = Vec::new();
            for set in p.quote_sets()? {
                let quotes = chapter::quotes_of_set(&p, &set, &population, &settings)?;
                let warnings = quotes.iter().filter(|q| q.risk.is_some()).count();
                rows.push((set, quotes.len(), warnings));
            }
            if cli.json {
                print_json(json!(rows
                    .iter()
                    .map(|(s, n, w)| json!({"id": s.id, "name": s.name, "description": s.description, "quotes": n, "warnings": w}))
                    .collect::<Vec<_>>()));
            } else {
                for (s, n, w) in rows {
                    let warn = if w > 0 {
                        format!(", {w} with a warning")
                    } else {
                        String::new()
                    };
                    println!("{}  ({n} quotes{warn})  {}", s.name, s.id);
                }
            }
            Ok(())
        }
        Q::Show { project, set } => {
            let p = open(project)?;
            let set = find_set(&p, set)?;
            show(cli, &p, set)
        }
        Q::Create { project, name } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = p.create_quote_set(by, name)?;
            done(
                cli,
                json!({ "created": id, "name": name.trim() }),
                &format!("Created quote set \"{}\"", name.trim()),
            )
        }
        Q::Rename { project, set, name } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            p.rename_quote_set(by, id, name)?;
            done(
                cli,
                json!({ "renamed": id, "name": name.trim() }),
                &format!("Renamed to \"{}\"", name.trim()),
            )
        }
        Q::Describe {
            project,
            set,
            description,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            p.describe_quote_set(by, id, description)?;
            done(cli, json!({ "described": id }), "Described")
        }
        Q::Delete { project, set } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            p.delete_quote_set(by, id)?;
            done(
                cli,
                json!({ "deleted": id }),
                "Deleted (undo brings it back)",
            )
        }
        Q::Place {
            project,
            set,
            position,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            p.move_quote_set(by, id, from_one(*position)?)?;
            done(
                cli,
                json!({ "moved": id, "position": position }),
                &format!("Moved to place {position}"),
            )
        }
        Q::Add {
            project,
            set,
            coding,
            position,
            note,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            let position = position.map(from_one).transpose()?;
            p.add_to_quote_set(by, id, coding_id(coding)?, note, position)?;
            done(cli, json!({ "added": coding, "set": id }), "Added")
        }
        Q::Remove {
            project,
            set,
            coding,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            p.remove_from_quote_set(by, id, coding_id(coding)?)?;
            done(cli, json!({ "removed": coding, "set": id }), "Removed")
        }
        Q::Move {
            project,
            set,
            coding,
            position,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            p.move_in_quote_set(by, id, coding_id(coding)?, from_one(*position)?)?;
            done(
                cli,
                json!({ "moved": coding, "position": position }),
                &format!("Moved to place {position}"),
            )
        }
        Q::Note {
            project,
            set,
            coding,
            note,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            p.set_quote_note(by, id, coding_id(coding)?, note)?;
            done(cli, json!({ "noted": coding }), "Note written")
        }
        Q::Trim {
            project,
            set,
            coding,
            parts,
            whole,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            let coding = coding_id(coding)?;
            let start = p.coding(coding)?.start;
            let parts = match (parts, whole) {
                (_, true) => None,
                (Some(text), false) => Some(parse_parts(text, start)?),
                (None, false) => bail!("give --parts or --whole"),
            };
            p.trim_quote(by, id, coding, parts.as_deref())?;
            show(cli, &p, id)
        }
        Q::Attribute {
            project,
            set,
            coding,
            template,
            coarser,
            project_template,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_set(&p, set)?;
            let coding = coding_id(coding)?;
            let template = if *project_template {
                None
            } else if *coarser {
                let population = Population::read(&p)?;
                let settings = p.project_settings()?;
                let quotes = chapter::quotes_of_set(&p, &p.quote_set(id)?, &population, &settings)?;
                let q = quotes
                    .iter()
                    .find(|q| q.coding.id == coding)
                    .context("that coding is not in the set")?;
                match &q.coarser {
                    Some(c) => Some(c.template.clone()),
                    None => {
                        bail!("the quote's attribution does not warn: nothing coarser is needed")
                    }
                }
            } else {
                template.clone()
            };
            p.set_quote_attribution(by, id, coding, template.as_deref())?;
            show(cli, &p, id)
        }
    }
}

fn done(cli: &Cli, value: serde_json::Value, line: &str) -> Result<()> {
    if cli.json {
        print_json(value);
    } else {
        println!("{line}");
    }
    Ok(())
}

/// `tematik attribution`: shows or changes the project's attribution
/// templates and the k of the re-identification warning.
pub fn run_attribution(
    cli: &Cli,
    project: &std::path::Path,
    transcript: &Option<String>,
    survey: &Option<String>,
    k: &Option<u32>,
) -> Result<()> {
    let (mut p, by) = open_here(cli, project)?;
    let old = p.project_settings()?;
    let new = ProjectSettings {
        transcript_attribution: transcript
            .clone()
            .unwrap_or(old.transcript_attribution.clone()),
        survey_attribution: survey.clone().unwrap_or(old.survey_attribution.clone()),
        reidentification_k: k.unwrap_or(old.reidentification_k),
    };
    if new != old {
        p.set_project_settings(by, &new)?;
    }
    if cli.json {
        print_json(serde_json::to_value(&new)?);
    } else {
        println!("transcripts: {}", new.transcript_attribution);
        println!("survey answers: {}", new.survey_attribution);
        println!("warn below: {} participants", new.reidentification_k);
    }
    Ok(())
}
