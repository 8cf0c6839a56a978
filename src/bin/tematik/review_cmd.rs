//! `tematik move|merge|split|promote|demote|discard|restore|status|define|
//! pin|unpin|dimension|default-tags`: reshaping, reviewing and defining the
//! themes, and editing tag dimensions, from the command line.
//!
//! Codes are named as [`Project::find_code`] accepts them (an id, a path
//! "Theme/Sub/Code" or a unique name); positions are counted from 1.

use super::{Cli, open_here, print_json};
use anyhow::{Result, bail};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use tematik::storage::{CodeUpdate, NewDimension};
use tematik::{CodeId, CodingId, DimensionId, Project, ReviewStatus};

/// The review commands (flattened into the top-level command list).
#[derive(Subcommand)]
pub enum ReviewCommand {
    /// Move a code (with everything below it) under another code or to the top level.
    Move {
        project: PathBuf,
        /// The code to move.
        code: String,
        /// The new parent, or "top" for the top level.
        #[arg(long)]
        to: String,
        /// Position among the new siblings, from 1 (default: last).
        #[arg(long)]
        position: Option<usize>,
    },
    /// Merge a code into another: every coding, memo, child, pinned example kept.
    Merge {
        project: PathBuf,
        /// The code merged away.
        from: String,
        /// The code it is merged into.
        into: String,
    },
    /// Split codings off a code into a new sibling right after it.
    Split {
        project: PathBuf,
        /// The code to split.
        code: String,
        /// The codings to move (ids, comma-separated).
        #[arg(long, value_delimiter = ',', required_unless_present = "first")]
        codings: Vec<String>,
        /// Or: the first N codings of the code in document order.
        #[arg(long, conflicts_with = "codings")]
        first: Option<usize>,
        /// The new code's name.
        #[arg(long)]
        name: String,
    },
    /// Move a node up a level, right after its parent.
    Promote { project: PathBuf, code: String },
    /// Move a node down a level, to the end of its previous sibling.
    Demote { project: PathBuf, code: String },
    /// Lay a node on the discard pile (out of the analysis; nothing deleted).
    Discard { project: PathBuf, code: String },
    /// Take a node off the discard pile, back where it was.
    Restore { project: PathBuf, code: String },
    /// Set a node's review status: candidate, reviewed or final.
    Status {
        project: PathBuf,
        code: String,
        status: String,
    },
    /// Set a node's definition and scope note.
    Define {
        project: PathBuf,
        code: String,
        /// What the node means and when to apply it.
        #[arg(long)]
        definition: Option<String>,
        /// What it covers ("omfattar …").
        #[arg(long)]
        includes: Option<String>,
        /// What it does not cover ("omfattar inte …").
        #[arg(long)]
        excludes: Option<String>,
    },
    /// Pin a coding of the node (or below it) as an example quote.
    Pin {
        project: PathBuf,
        code: String,
        /// The coding's id.
        coding: String,
        /// Position among the examples, from 1 (default: last).
        #[arg(long)]
        position: Option<usize>,
    },
    /// Unpin an example quote.
    Unpin {
        project: PathBuf,
        code: String,
        /// The coding's id.
        coding: String,
    },
    /// Edit tag dimensions: add, rename, move, add and rename values.
    Dimension {
        #[command(subcommand)]
        action: DimensionAction,
    },
    /// Replace a code's default tags (dimension=value …; none clears them).
    DefaultTags {
        project: PathBuf,
        code: String,
        /// dimension=value, the dimension by key or name, the value by key, label or alias.
        values: Vec<String>,
    },
}

/// What `tematik dimension` does.
#[derive(Subcommand)]
pub enum DimensionAction {
    /// Add a dimension with its values (keys derived from the names).
    Add {
        project: PathBuf,
        name: String,
        /// Several values per coding (default: one).
        #[arg(long)]
        multi: bool,
        /// Its values' labels, comma-separated, in order.
        #[arg(long, value_delimiter = ',')]
        values: Vec<String>,
    },
    /// Rename a dimension (its key stays).
    Rename {
        project: PathBuf,
        dimension: String,
        name: String,
    },
    /// Move a dimension to a position, from 1.
    Move {
        project: PathBuf,
        dimension: String,
        position: usize,
    },
    /// Add a value at the end of a dimension.
    AddValue {
        project: PathBuf,
        dimension: String,
        label: String,
        /// Its key (default: derived from the label).
        #[arg(long)]
        key: Option<String>,
    },
    /// Give a value another label (its key stays).
    RenameValue {
        project: PathBuf,
        dimension: String,
        value: String,
        label: String,
    },
    /// Move a value to a position among its dimension's, from 1.
    MoveValue {
        project: PathBuf,
        dimension: String,
        value: String,
        position: usize,
    },
    /// Allow several values per coding (yes) or one (no).
    Multi {
        project: PathBuf,
        dimension: String,
        #[arg(action = clap::ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
        multi: bool,
    },
}

/// A position from 1 as the core's, from 0.
fn from_one(position: usize) -> Result<usize> {
    if position == 0 {
        bail!("positions are counted from 1");
    }
    Ok(position - 1)
}

/// A dimension by key or name (case-insensitive).
fn find_dimension(p: &Project, reference: &str) -> Result<DimensionId> {
    let needle = reference.trim().to_lowercase();
    let found: Vec<DimensionId> = p
        .dimensions()?
        .into_iter()
        .filter(|d| d.key.to_lowercase() == needle || d.name.to_lowercase() == needle)
        .map(|d| d.id)
        .collect();
    match found[..] {
        [id] => Ok(id),
        [] => Err(tematik::Error::UnknownName {
            kind: "tag dimension",
            name: reference.to_owned(),
        }
        .into()),
        _ => Err(tematik::Error::AmbiguousName {
            kind: "tag dimension",
            name: reference.to_owned(),
            count: found.len(),
        }
        .into()),
    }
}

fn coding_ids(ids: &[String]) -> Result<Vec<CodingId>> {
    ids.iter()
        .map(|s| {
            s.trim().parse().map_err(|_| {
                tematik::Error::BadId {
                    kind: "coding",
                    value: s.clone(),
                }
                .into()
            })
        })
        .collect()
}

/// The first `n` codings of `code` (itself, not below it) in document
/// order: documents as listed, then by position in the text.
fn first_codings(p: &Project, code: CodeId, n: usize) -> Result<Vec<CodingId>> {
    let order: std::collections::HashMap<_, usize> = p
        .documents()?
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    let mut codings = p.codings_of_code(code, false)?;
    codings.sort_by_key(|c| {
        (
            order.get(&c.document_id).copied().unwrap_or(usize::MAX),
            c.start,
            c.end,
        )
    });
    Ok(codings.into_iter().take(n).map(|c| c.id).collect())
}

/// Prints the node of `code` as the tree has it now (JSON), or `line`.
fn report_code(cli: &Cli, p: &Project, code: CodeId, line: &str) -> Result<()> {
    if cli.json {
        let node = p
            .code_tree()?
            .into_iter()
            .find(|n| n.code.id == code)
            .ok_or_else(|| anyhow::anyhow!("the code is not in the tree"))?;
        let mut value = serde_json::to_value(&node)?;
        value["path"] = json!(p.code_path(code)?);
        value["examples_pinned"] = json!(p.code_examples(code)?);
        print_json(value);
    } else {
        println!("{line}");
    }
    Ok(())
}

/// Prints a dimension (JSON) or `line`.
fn report_dimension(cli: &Cli, p: &Project, id: DimensionId, line: &str) -> Result<()> {
    if cli.json {
        let dim = p
            .dimensions()?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| anyhow::anyhow!("the dimension is not in the project"))?;
        print_json(serde_json::to_value(&dim)?);
    } else {
        println!("{line}");
    }
    Ok(())
}

/// Runs a review command.
pub fn run(cli: &Cli, command: &ReviewCommand) -> Result<()> {
    use ReviewCommand as R;
    match command {
        R::Move {
            project,
            code,
            to,
            position,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let code = p.find_code(code)?;
            let parent = match to.trim() {
                "top" => None,
                other => Some(p.find_code(other)?.id),
            };
            let position = position.map(from_one).transpose()?;
            p.move_code(by, code.id, parent, position)?;
            let line = format!("Moved {}", p.code_path(code.id)?);
            report_code(cli, &p, code.id, &line)
        }
        R::Merge {
            project,
            from,
            into,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let (from, into) = (p.find_code(from)?, p.find_code(into)?);
            let from_path = p.code_path(from.id)?;
            p.merge_codes(by, from.id, into.id)?;
            let line = format!("Merged {from_path} into {}", p.code_path(into.id)?);
            report_code(cli, &p, into.id, &line)
        }
        R::Split {
            project,
            code,
            codings,
            first,
            name,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let code = p.find_code(code)?;
            let chosen = match first {
                Some(n) => first_codings(&p, code.id, *n)?,
                None => coding_ids(codings)?,
            };
            let new = p.split_code(by, code.id, &chosen, name)?;
            let line = format!(
                "Split {} codings off {} into {}",
                chosen.len(),
                p.code_path(code.id)?,
                p.code_path(new)?
            );
            report_code(cli, &p, new, &line)
        }
        R::Promote { project, code }
        | R::Demote { project, code }
        | R::Discard { project, code }
        | R::Restore { project, code } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = p.find_code(code)?.id;
            let verb = match command {
                R::Promote { .. } => {
                    p.promote_code(by, id)?;
                    "Promoted"
                }
                R::Demote { .. } => {
                    p.demote_code(by, id)?;
                    "Demoted"
                }
                R::Discard { .. } => {
                    p.discard_code(by, id)?;
                    "Discarded"
                }
                _ => {
                    p.restore_code(by, id)?;
                    "Restored"
                }
            };
            let line = format!("{verb} {}", p.code_path(id)?);
            report_code(cli, &p, id, &line)
        }
        R::Status {
            project,
            code,
            status,
        } => {
            let status: ReviewStatus = status.trim().parse()?;
            let (mut p, by) = open_here(cli, project)?;
            let id = p.find_code(code)?.id;
            p.set_code_status(by, id, status)?;
            let line = format!("{} is {status}", p.code_path(id)?);
            report_code(cli, &p, id, &line)
        }
        R::Define {
            project,
            code,
            definition,
            includes,
            excludes,
        } => {
            if definition.is_none() && includes.is_none() && excludes.is_none() {
                bail!("give --definition, --includes or --excludes");
            }
            let (mut p, by) = open_here(cli, project)?;
            let id = p.find_code(code)?.id;
            p.update_code(
                by,
                id,
                CodeUpdate {
                    definition: definition.clone(),
                    scope_includes: includes.clone(),
                    scope_excludes: excludes.clone(),
                    ..Default::default()
                },
            )?;
            let line = format!("Defined {}", p.code_path(id)?);
            report_code(cli, &p, id, &line)
        }
        R::Pin {
            project,
            code,
            coding,
            position,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = p.find_code(code)?.id;
            let coding = coding_ids(std::slice::from_ref(coding))?[0];
            let position = position.map(from_one).transpose()?;
            p.pin_example(by, id, coding, position)?;
            let line = format!("Pinned an example to {}", p.code_path(id)?);
            report_code(cli, &p, id, &line)
        }
        R::Unpin {
            project,
            code,
            coding,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = p.find_code(code)?.id;
            let coding = coding_ids(std::slice::from_ref(coding))?[0];
            p.unpin_example(by, id, coding)?;
            let line = format!("Unpinned an example of {}", p.code_path(id)?);
            report_code(cli, &p, id, &line)
        }
        R::DefaultTags {
            project,
            code,
            values,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = p.find_code(code)?.id;
            let mut tags = Vec::new();
            for pair in values {
                let Some((dim, value)) = pair.split_once('=') else {
                    bail!("\"{pair}\": write a default tag as dimension=value");
                };
                tags.push(p.find_tag_value(Some(dim), value)?.id);
            }
            p.set_code_default_tags(by, id, tags)?;
            let line = format!(
                "Set {} default tag(s) of {}",
                values.len(),
                p.code_path(id)?
            );
            report_code(cli, &p, id, &line)
        }
        R::Dimension { action } => run_dimension(cli, action),
    }
}

fn run_dimension(cli: &Cli, action: &DimensionAction) -> Result<()> {
    use DimensionAction as D;
    match action {
        D::Add {
            project,
            name,
            multi,
            values,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = p.create_dimension(by, NewDimension::labelled(name, *multi, values))?;
            let line = format!("Added tag dimension {name} ({} values)", values.len());
            report_dimension(cli, &p, id, &line)
        }
        D::Rename {
            project,
            dimension,
            name,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_dimension(&p, dimension)?;
            p.rename_dimension(by, id, name)?;
            report_dimension(cli, &p, id, &format!("Renamed {dimension} to {name}"))
        }
        D::Move {
            project,
            dimension,
            position,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_dimension(&p, dimension)?;
            p.move_dimension(by, id, from_one(*position)?)?;
            report_dimension(cli, &p, id, &format!("Moved {dimension}"))
        }
        D::AddValue {
            project,
            dimension,
            label,
            key,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_dimension(&p, dimension)?;
            p.add_tag_value(by, id, label, key.as_deref())?;
            report_dimension(cli, &p, id, &format!("Added {label} to {dimension}"))
        }
        D::RenameValue {
            project,
            dimension,
            value,
            label,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_dimension(&p, dimension)?;
            let v = p.find_tag_value(Some(dimension), value)?;
            p.rename_tag_value(by, v.id, label)?;
            report_dimension(cli, &p, id, &format!("Renamed {value} to {label}"))
        }
        D::MoveValue {
            project,
            dimension,
            value,
            position,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_dimension(&p, dimension)?;
            let v = p.find_tag_value(Some(dimension), value)?;
            p.move_tag_value(by, v.id, from_one(*position)?)?;
            report_dimension(cli, &p, id, &format!("Moved {value}"))
        }
        D::Multi {
            project,
            dimension,
            multi,
        } => {
            let (mut p, by) = open_here(cli, project)?;
            let id = find_dimension(&p, dimension)?;
            p.set_dimension_multi(by, id, *multi)?;
            let how = if *multi {
                "several values"
            } else {
                "one value"
            };
            report_dimension(cli, &p, id, &format!("{dimension} takes {how} per coding"))
        }
    }
}
