//! `tematik import` (transcripts) and `tematik import-survey` (survey
//! exports): arguments, and printing what each file added or why not.
//! The work is done by [`tematik::import`].

use anyhow::{Result, bail};
use serde_json::{Value, json};
use std::path::PathBuf;
use tematik::import::{
    self, FileOutcome, FilenamePattern, ImportedTranscript, QuestionColumn, SurveyMapping,
    SurveyPreview, TranscriptOptions,
};
use tematik::storage::{AttributeValue, ImportResult};
use tematik::{CoderId, DocumentKind, Project};

/// Import transcripts (.txt, .md, .docx, .vtt, .srt): one document per
/// file, speakers as participant cases. Each file is imported whole or not
/// at all; a file imported before is refused.
#[derive(clap::Args, Debug, Clone)]
pub struct ImportArgs {
    /// The transcript files.
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// A document attribute for every file, e.g. --attr Kommunstorlek=Stor (repeatable).
    #[arg(long = "attr", value_name = "KEY=VALUE", value_parser = key_value)]
    pub attributes: Vec<(String, String)>,
    /// Attributes from each file name (without extension), e.g. 'fokusgrupp-{Omgång}-team{Team}'.
    /// A file whose name does not match is refused. --attr wins over the pattern.
    #[arg(long, value_name = "PATTERN")]
    pub pattern: Option<FilenamePattern>,
    /// The kind of document [default: from the file name (fokusgrupp/intervju), else from the
    /// number of speakers].
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

/// Document kinds a transcript can have.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindArg {
    /// A focus group.
    #[value(alias = "fokusgrupp", alias = "focus_group")]
    FocusGroup,
    /// An interview.
    #[value(alias = "intervju")]
    Interview,
    /// Other text.
    #[value(alias = "text")]
    Text,
}

impl From<KindArg> for DocumentKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::FocusGroup => DocumentKind::FocusGroup,
            KindArg::Interview => DocumentKind::Interview,
            KindArg::Text => DocumentKind::Text,
        }
    }
}

/// Import a survey export (.csv or .xlsx): one document per non-empty
/// answer, linked to its respondent and question. The counts are shown
/// before anything is written; --dry-run writes nothing.
///
/// The mapping can be given as flags, as a JSON file (--mapping), or both
/// (flags add to the file). A mapping file looks like:
/// {"id": "Respondent-ID", "round": "Omgång", "attributes": ["Kommun"],
///  "questions": [{"column": "Samverkan – fungerar väl", "focus": "samverkan"}, "Övrigt"],
///  "sheet": "Svar"}
#[derive(clap::Args, Debug, Clone)]
pub struct ImportSurveyArgs {
    /// The survey export.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The respondent id column.
    #[arg(long = "id", value_name = "COL")]
    pub id: Option<String>,
    /// The round column (e.g. Omgång): stored on each answer and counted per round.
    #[arg(long, value_name = "COL")]
    pub round: Option<String>,
    /// A column whose values become attributes of the respondent (repeatable).
    #[arg(long = "attr", value_name = "COL")]
    pub attributes: Vec<String>,
    /// A free-text question column, with its focus area after '=' if it has one,
    /// e.g. --question 'Samverkan – fungerar väl=samverkan' (repeatable).
    #[arg(long = "question", value_name = "COL[=FOCUS]")]
    pub questions: Vec<String>,
    /// The sheet of a workbook to read [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A mapping file (JSON; see above).
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Show what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
            Ok((k.trim().to_owned(), v.trim().to_owned()))
        }
        _ => Err(format!("expected KEY=VALUE, got \"{s}\"")),
    }
}

/// Imports transcript files, printing each file's outcome. Fails (after
/// printing) if any file could not be imported.
pub fn run_import(project: &mut Project, by: CoderId, args: &ImportArgs, json: bool) -> Result<()> {
    let options = TranscriptOptions {
        kind: args.kind.map(Into::into),
        attributes: args
            .attributes
            .iter()
            .map(|(k, v)| AttributeValue::category(k, v))
            .collect(),
        pattern: args.pattern.clone(),
    };
    let outcomes = import::import_transcripts(project, by, &args.files, &options);
    let failed = outcomes.iter().filter(|o| o.outcome.is_err()).count();
    let imported = outcomes.len() - failed;
    if json {
        let files: Vec<Value> = outcomes.iter().map(outcome_json).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({ "files": files, "imported": imported, "failed": failed })
            )?
        );
    } else {
        for o in &outcomes {
            match &o.outcome {
                Ok(t) => println!("imported  {}", describe(t)),
                Err(e) => println!("failed    {e}"),
            }
        }
        let words: usize = outcomes
            .iter()
            .filter_map(|o| o.outcome.as_ref().ok())
            .map(|t| t.result.words)
            .sum();
        println!(
            "{imported} of {} file(s) imported ({words} words)",
            outcomes.len()
        );
    }
    if failed > 0 {
        bail!(
            "{failed} of {} file(s) could not be imported; nothing was written for them",
            outcomes.len()
        );
    }
    Ok(())
}

fn describe(t: &ImportedTranscript) -> String {
    let mut s = format!(
        "{} → \"{}\" ({}; {}, {}): {} turns, {} speakers, {} words",
        t.path.display(),
        t.document,
        t.kind,
        t.format,
        t.encoding,
        t.turns,
        t.speakers.len(),
        t.result.words
    );
    if t.timestamps {
        s.push_str(", time stamps");
    }
    s.push_str(&format!("; {} new case(s)", t.result.cases_created));
    if !t.attributes.is_empty() {
        let attrs: Vec<String> = t
            .attributes
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        s.push_str(&format!("; {}", attrs.join(", ")));
    }
    s
}

fn result_json(r: &ImportResult) -> Value {
    json!({ "documents": r.documents, "cases_created": r.cases_created, "words": r.words })
}

fn outcome_json(o: &FileOutcome) -> Value {
    match &o.outcome {
        Ok(t) => json!({
            "path": o.path,
            "ok": true,
            "document": t.document,
            "kind": t.kind,
            "format": t.format,
            "encoding": t.encoding,
            "turns": t.turns,
            "speakers": t.speakers,
            "timestamps": t.timestamps,
            "attributes": t.attributes.iter().map(|(k, v)| json!({ "name": k, "value": v })).collect::<Vec<_>>(),
            "result": result_json(&t.result),
        }),
        Err(e) => json!({
            "path": o.path,
            "ok": false,
            "error": { "code": e.code(), "message": e.to_string(), "details": e.details() },
        }),
    }
}

/// Imports (or with --dry-run previews) a survey export.
pub fn run_import_survey(
    project: &mut Project,
    by: CoderId,
    args: &ImportSurveyArgs,
    json: bool,
) -> Result<()> {
    let mut mapping = match &args.mapping {
        Some(path) => SurveyMapping::read(path)?,
        None => SurveyMapping::default(),
    };
    if let Some(id) = &args.id {
        mapping.id = id.clone();
    }
    if args.round.is_some() {
        mapping.round = args.round.clone();
    }
    if args.sheet.is_some() {
        mapping.sheet = args.sheet.clone();
    }
    mapping.attributes.extend(args.attributes.iter().cloned());
    mapping
        .questions
        .extend(args.questions.iter().map(|q| QuestionColumn::parse(q)));

    let (preview, result, already) = if args.dry_run {
        let bytes = import::read_file(&args.file)?;
        let prepared = import::prepare_survey(&args.file, &bytes, &mapping)?;
        let already = project.source_by_sha256(&prepared.prepared.source.sha256)?;
        (prepared.preview, None, already)
    } else {
        let imported = import::import_survey(project, by, &args.file, &mapping)?;
        (imported.preview, Some(imported.result), None)
    };
    if json {
        let value = json!({
            "path": args.file,
            "dry_run": args.dry_run,
            "mapping": mapping,
            "preview": preview,
            "already_imported": already.as_ref().map(|(s, at)| json!({ "as": s.file_name, "at": at })),
            "result": result.as_ref().map(result_json),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    print_preview(&preview);
    match (result, already) {
        (Some(r), _) => println!(
            "Imported {} answers as documents ({} words); {} new respondent case(s).",
            r.documents.len(),
            r.words,
            r.cases_created
        ),
        (None, Some((source, at))) => {
            println!(
                "Dry run: nothing was written. Note: this file was already imported on {at} (as \"{}\").",
                source.file_name
            )
        }
        (None, None) => println!("Dry run: nothing was written."),
    }
    Ok(())
}

fn print_preview(p: &SurveyPreview) {
    println!(
        "{} ({}; {}): {} rows, {} respondents ({} with answers), {} answers",
        p.file_name,
        p.format,
        p.read_as,
        p.rows,
        p.respondents,
        p.respondents_with_answers,
        p.answers
    );
    let width = p
        .questions
        .iter()
        .map(|q| q.question.chars().count())
        .max()
        .unwrap_or(0)
        .max(11);
    let focus_width = p
        .questions
        .iter()
        .filter_map(|q| q.focus.as_ref())
        .map(|f| f.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut header = format!(
        "  {:<width$}  {:<focus_width$}  {:>7}",
        "question", "focus", "answers"
    );
    for r in &p.rounds {
        header.push_str(&format!("  {:>7}", r.round));
    }
    println!("{header}");
    for (i, q) in p.questions.iter().enumerate() {
        let mut line = format!(
            "  {:<width$}  {:<focus_width$}  {:>7}",
            q.question,
            q.focus.as_deref().unwrap_or("-"),
            q.answers
        );
        for r in &p.rounds {
            line.push_str(&format!("  {:>7}", r.questions[i].answers));
        }
        println!("{line}");
    }
    if !p.rounds.is_empty() {
        let mut respondents = format!(
            "  {:<width$}  {:<focus_width$}  {:>7}",
            "respondents", "", p.respondents
        );
        let mut answers = format!(
            "  {:<width$}  {:<focus_width$}  {:>7}",
            "answers", "", p.answers
        );
        for r in &p.rounds {
            respondents.push_str(&format!("  {:>7}", r.respondents));
            answers.push_str(&format!("  {:>7}", r.answers));
        }
        println!("{respondents}\n{answers}");
    }
    if !p.unmapped_columns.is_empty() {
        println!(
            "Not imported (unmapped) columns: {}",
            p.unmapped_columns.join(", ")
        );
    }
}
