//! `tematik matrix` and `tematik cooccurrence`: the theme review's counts
//! as CSV on stdout (or JSON, or a CSV/XLSX file).

use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;
use tematik::Project;
use tematik::analysis::{
    self, Axis, CodeSelection, CooccurrenceMode, CooccurrenceRequest, Facts, MatrixRequest,
    MatrixView, Measure, Percent, Restriction, TableExport, TableFormat, TableTexts,
};

/// Arguments of `tematik matrix`.
#[derive(Args)]
pub struct MatrixArgs {
    /// Rows: themes, all (every code), depth:N, children:<code>, codes:<code>,<code>…,
    /// dimension:<key>, attribute:<name>, documents, coders — or a dimension's
    /// or attribute's name alone.
    #[arg(long, default_value = "themes")]
    rows: String,
    /// Columns, as --rows.
    #[arg(long, default_value = "niva")]
    columns: String,
    /// What a cell counts: codings (segments), documents or participants.
    #[arg(long, default_value = "codings")]
    measure: String,
    /// Percentages beside the counts: row or column.
    #[arg(long)]
    percent: Option<String>,
    /// Count each coder's coding of a passage apart.
    #[arg(long)]
    by_coder: bool,
    /// Only codings where an attribute has a value (Attribute=Value) or
    /// that carry a tag (dimension:value); repeatable.
    #[arg(long = "where", value_name = "CONDITION")]
    conditions: Vec<String>,
    /// Write to this file (.csv or .xlsx) instead of printing CSV.
    #[arg(long)]
    out: Option<PathBuf>,
    /// CSV separator.
    #[arg(long, default_value = ";")]
    separator: String,
}

/// Arguments of `tematik cooccurrence`.
#[derive(Args)]
pub struct CooccurrenceArgs {
    /// The codes: themes, all, depth:N, children:<code>, codes:<code>,<code>…
    #[arg(long, default_value = "all")]
    codes: String,
    /// Where codes meet: overlap, same-turn or same-document.
    #[arg(long, default_value = "overlap")]
    mode: String,
    /// What a cell counts: codings, documents or participants.
    #[arg(long, default_value = "codings")]
    measure: String,
    /// As for `matrix`.
    #[arg(long = "where", value_name = "CONDITION")]
    conditions: Vec<String>,
    /// Write to this file (.csv or .xlsx) instead of printing CSV.
    #[arg(long)]
    out: Option<PathBuf>,
    /// CSV separator.
    #[arg(long, default_value = ";")]
    separator: String,
}

fn selection(p: &Project, spec: &str) -> Result<Option<CodeSelection>> {
    let (kind, rest) = spec.split_once(':').unwrap_or((spec, ""));
    let code = |r: &str| -> Result<String> { Ok(p.find_code(r)?.id.to_string()) };
    Ok(Some(match kind.trim().to_lowercase().as_str() {
        "themes" => CodeSelection::Themes,
        "all" | "codes" if rest.is_empty() => CodeSelection::All,
        "depth" => CodeSelection::Depth {
            depth: rest.trim().parse()?,
        },
        "children" => CodeSelection::Children { of: code(rest)? },
        "codes" => CodeSelection::Codes {
            ids: rest.split(',').map(code).collect::<Result<_>>()?,
        },
        _ => return Ok(None),
    }))
}

fn axis(p: &Project, spec: &str) -> Result<Axis> {
    if let Some(select) = selection(p, spec)? {
        return Ok(Axis::Codes { select });
    }
    let (kind, rest) = spec.split_once(':').unwrap_or(("", spec));
    Ok(match kind.trim().to_lowercase().as_str() {
        "dimension" => Axis::Dimension {
            key: rest.trim().into(),
        },
        "attribute" => Axis::Attribute {
            name: rest.trim().into(),
        },
        _ => match rest.trim().to_lowercase().as_str() {
            "documents" => Axis::Documents,
            "coders" => Axis::Coders,
            name => {
                let dims = p.dimensions()?;
                match dims
                    .iter()
                    .find(|d| d.key == name || d.name.to_lowercase() == name)
                {
                    Some(d) => Axis::Dimension { key: d.key.clone() },
                    None => Axis::Attribute {
                        name: rest.trim().into(),
                    },
                }
            }
        },
    })
}

fn measure(s: &str) -> Result<Measure> {
    Ok(match s {
        "codings" | "segments" => Measure::Codings,
        "documents" => Measure::Documents,
        "participants" => Measure::Participants,
        _ => bail!("--measure {s}: use codings, documents or participants"),
    })
}

fn restrictions(conditions: &[String]) -> Result<Vec<Restriction>> {
    conditions
        .iter()
        .map(|c| {
            if let Some((name, value)) = c.split_once('=') {
                Ok(Restriction::Attribute {
                    name: name.trim().into(),
                    value: value.trim().into(),
                })
            } else if let Some((dimension, value)) = c.split_once(':') {
                Ok(Restriction::Tag {
                    dimension: dimension.trim().into(),
                    value: value.trim().into(),
                })
            } else {
                bail!("--where {c}: write Attribute=Value or dimension:value")
            }
        })
        .collect()
}

fn emit(
    m: &MatrixView,
    corner: &str,
    out: Option<&PathBuf>,
    separator: &str,
    json: bool,
) -> Result<()> {
    let texts = TableTexts {
        corner: corner.into(),
        none: "(inget värde)".into(),
        total: "Totalt".into(),
    };
    if let Some(path) = out {
        let format = match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("xlsx") => TableFormat::Xlsx,
            Some("csv") => TableFormat::Csv,
            _ => bail!("{}: the file must end in .csv or .xlsx", path.display()),
        };
        let how = TableExport {
            format,
            separator: separator.into(),
            bom: true,
        };
        analysis::write_table(m, &texts, path, &how)?;
        eprintln!("{} written", path.display());
    } else if json {
        println!("{}", serde_json::to_string_pretty(m)?);
    } else {
        let how = TableExport {
            format: TableFormat::Csv,
            separator: separator.into(),
            bom: false,
        };
        let bytes = analysis::table_bytes(m, &texts, &how)?;
        std::io::Write::write_all(&mut std::io::stdout(), &bytes)?;
    }
    Ok(())
}

/// `tematik matrix`.
pub fn run_matrix(p: &Project, a: &MatrixArgs, json: bool) -> Result<()> {
    let request = MatrixRequest {
        rows: axis(p, &a.rows)?,
        columns: axis(p, &a.columns)?,
        measure: measure(&a.measure)?,
        percent: match a.percent.as_deref() {
            None | Some("none") => Percent::None,
            Some("row") => Percent::Row,
            Some("column") => Percent::Column,
            Some(o) => bail!("--percent {o}: use row or column"),
        },
        by_coder: a.by_coder,
        restrict: restrictions(&a.conditions)?,
    };
    let m = analysis::matrix(&Facts::read(p)?, &request)?;
    emit(&m, &a.rows, a.out.as_ref(), &a.separator, json)
}

/// `tematik cooccurrence`.
pub fn run_cooccurrence(p: &Project, a: &CooccurrenceArgs, json: bool) -> Result<()> {
    let Some(codes) = selection(p, &a.codes)? else {
        bail!(
            "--codes {}: use themes, all, depth:N, children:<code> or codes:<code>,…",
            a.codes
        );
    };
    let request = CooccurrenceRequest {
        codes,
        mode: match a.mode.as_str() {
            "overlap" => CooccurrenceMode::Overlap,
            "same-turn" | "same_turn" | "turn" => CooccurrenceMode::SameTurn,
            "same-document" | "same_document" | "document" => CooccurrenceMode::SameDocument,
            o => bail!("--mode {o}: use overlap, same-turn or same-document"),
        },
        measure: measure(&a.measure)?,
        restrict: restrictions(&a.conditions)?,
    };
    let m = analysis::cooccurrence(&Facts::read(p)?, &request)?;
    emit(&m, "Kod", a.out.as_ref(), &a.separator, json)
}
