//! Importers: transcripts and survey exports into a project.
//!
//! Each file is read completely and checked before anything is written,
//! then handed to [`Project::import`] as one transaction: a file is imported
//! whole or not at all, and a file whose bytes (sha256) were imported before
//! is refused. In a batch every file stands alone.
//!
//! * Transcripts — .txt and .md (`Speaker: text` lines, optional
//!   `[hh:mm:ss]` time stamps), .docx (a bold `Speaker:` run starting each
//!   paragraph), .vtt (`<v Speaker>` voice tags) and .srt (`Speaker: ` cue
//!   text) — become one document each whose text is its turns as
//!   `Speaker: text` lines joined by `\n`. Speakers become participant
//!   cases named `document / label`, with Roll and, where the label makes it
//!   clear, Yrke. See [`prepare_transcript`].
//! * Survey exports (.csv, .xlsx) become one document per non-blank answer,
//!   linked to a respondent case and its question. See [`prepare_survey`]
//!   and [`SurveyMapping`].
//!
//! Text encodings are detected (UTF-8 with or without BOM, UTF-16 with BOM,
//! Windows-1252), line ends become `\n` and text is NFC-normalised. Bad
//! input is refused with [`Error::Import`] naming the file and a typed
//! [`Problem`]: its [`ProblemKind`] and, where it applies, its
//! [`Location`] (line, cell, sheet, archive part); no input panics. Office
//! files are read with caps on entry count and inflated size, and XML
//! declaring a DOCTYPE is refused, so external entities are never resolved.
//!
//! Layout: one module per format (`txt`, `docx`, `vtt`, `srt`, `csv`,
//! `xlsx`), `encoding` for bytes → text, `archive` for ZIP limits,
//! `transcript` for turns → document text, `survey` for mapping and
//! preview, `pattern` for file name patterns, `problem` for what is wrong
//! with a file and where (typed, so the window can say it in Swedish).

// A `Problem` (a kind and a place, about 144 bytes) is made at most once per
// refused file and returned through a few calls: boxing it would buy nothing.
#![allow(
    clippy::result_large_err,
    reason = "import problems are rare and returned through few calls"
)]

mod archive;
mod columns;
mod csv;
mod docx;
mod encoding;
mod pattern;
mod problem;
mod srt;
mod survey;
mod transcript;
mod txt;
mod vtt;
mod xlsx;

pub use archive::{MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_TOTAL_BYTES};
pub use columns::{ColumnGuess, SurveyColumn, SurveyColumns, survey_columns, value_named_first};
pub use pattern::FilenamePattern;
pub use problem::{Location, OfficeFormat, Problem, ProblemKind};
pub use survey::{
    FOCUS_ATTRIBUTE, QuestionColumn, QuestionCount, RoundCount, SurveyMapping, SurveyPreview,
};
pub use transcript::reads_as_role;
pub use xlsx::MAX_CELLS;

use crate::error::{Error, Result};
use crate::ids::CoderId;
use crate::model::DocumentKind;
use crate::storage::{AttributeValue, ImportResult, NewCase, NewDocument, NewSource, Project};
use serde::Serialize;
use std::path::{Path, PathBuf};
use transcript::Block;

/// Largest file the importers read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Transcript file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptFormat {
    /// Plain text, one `Speaker: text` turn per line.
    Txt,
    /// Markdown, read like plain text (`**Speaker:**` labels allowed).
    Markdown,
    /// Word, one paragraph per turn.
    Docx,
    /// WebVTT captions with voice tags.
    Vtt,
    /// SubRip subtitles.
    Srt,
}

impl TranscriptFormat {
    /// The format of a file, by its extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = extension(path);
        FILE_KINDS.iter().find_map(|(e, k)| match k {
            FileKind::Transcript(f) if *e == ext => Some(*f),
            _ => None,
        })
    }

    /// Short name, as stored with the source ("txt", "docx" …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Markdown => "md",
            Self::Docx => "docx",
            Self::Vtt => "vtt",
            Self::Srt => "srt",
        }
    }
}

/// What a file is imported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A transcript or text: one document.
    Transcript(TranscriptFormat),
    /// A survey export: imported with a column mapping.
    Survey(SurveyFormat),
}

/// Every file extension Tematik imports, and as what: the one list the
/// importers, the command line and the window use. An extension listed
/// twice is imported as its first entry unless the caller asks for the
/// other (a `.txt` file is a transcript, or delimited text when imported as
/// a survey).
const FILE_KINDS: &[(&str, FileKind)] = &[
    ("txt", FileKind::Transcript(TranscriptFormat::Txt)),
    ("text", FileKind::Transcript(TranscriptFormat::Txt)),
    ("md", FileKind::Transcript(TranscriptFormat::Markdown)),
    ("markdown", FileKind::Transcript(TranscriptFormat::Markdown)),
    ("docx", FileKind::Transcript(TranscriptFormat::Docx)),
    ("vtt", FileKind::Transcript(TranscriptFormat::Vtt)),
    ("srt", FileKind::Transcript(TranscriptFormat::Srt)),
    ("csv", FileKind::Survey(SurveyFormat::Csv)),
    ("tsv", FileKind::Survey(SurveyFormat::Csv)),
    ("txt", FileKind::Survey(SurveyFormat::Csv)),
    ("xlsx", FileKind::Survey(SurveyFormat::Xlsx)),
    ("xlsm", FileKind::Survey(SurveyFormat::Xlsx)),
];

impl FileKind {
    /// What a file is imported as, by its extension (case-insensitive), or
    /// `None` for a kind Tematik does not import.
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = extension(path);
        FILE_KINDS.iter().find(|(e, _)| *e == ext).map(|(_, k)| *k)
    }

    /// The extensions (lowercase, without the dot) a file picker offers for
    /// transcripts and for surveys, each listed under the kind it is
    /// imported as by default.
    pub fn extensions() -> (Vec<&'static str>, Vec<&'static str>) {
        let (mut transcripts, mut surveys) = (Vec::new(), Vec::new());
        for (ext, kind) in FILE_KINDS {
            if FILE_KINDS.iter().find(|(e, _)| e == ext).map(|(_, k)| k) != Some(kind) {
                continue;
            }
            match kind {
                FileKind::Transcript(_) => transcripts.push(*ext),
                FileKind::Survey(_) => surveys.push(*ext),
            }
        }
        (transcripts, surveys)
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// How transcripts are imported.
#[derive(Clone, Debug, Default)]
pub struct TranscriptOptions {
    /// The kind of document; when `None` it is guessed: from the file name
    /// ("fokusgrupp", "intervju", "focus", "interview"), else a focus group
    /// with four or more speakers besides the interviewer, an interview with
    /// fewer, and plain text without speaker labels.
    pub kind: Option<DocumentKind>,
    /// Document attributes to set (Omgång, Team, Kommunstorlek …). They win
    /// over values taken from the file name.
    pub attributes: Vec<AttributeValue>,
    /// A pattern whose fields become document attributes; a file whose
    /// name does not match it is refused.
    pub pattern: Option<FilenamePattern>,
}

/// A file read and checked: exactly what [`Project::import`] will be given.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The file it came from.
    pub source: NewSource,
    /// The documents to add.
    pub documents: Vec<NewDocument>,
    /// Cases to add that no document names: survey respondents who left
    /// every free-text answer empty, kept with their attributes so that
    /// shares of respondents count them.
    pub cases: Vec<NewCase>,
    /// How the file was decoded ("UTF-8", "windows-1252", "OOXML" …).
    pub encoding: String,
}

/// Hex sha256 of `bytes`: the identity of an imported file.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads a file for import, refusing folders and files over [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(Error::import(path, ProblemKind::IsFolder));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::import(
            path,
            ProblemKind::TooLarge {
                mib: meta.len() >> 20,
                max_mib: MAX_FILE_BYTES >> 20,
            },
        ));
    }
    std::fs::read(path).map_err(io)
}

/// The error for a file whose extension is not a survey export's.
fn not_survey(path: &Path) -> Error {
    Error::import(
        path,
        ProblemKind::NotSurveyFormat {
            extension: extension(path),
        },
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Parses a transcript's bytes (`path` gives the name and the format) into
/// the document to import. Nothing is written.
pub fn prepare_transcript(
    path: &Path,
    bytes: &[u8],
    options: &TranscriptOptions,
) -> Result<Prepared> {
    let fail = |p: Problem| p.into_error(path);
    if let Some(FileKind::Survey(_)) = FileKind::of(path) {
        return Err(Error::SurveyNeedsMapping {
            path: path.to_owned(),
        });
    }
    let format = TranscriptFormat::from_path(path).ok_or_else(|| {
        Error::import(
            path,
            ProblemKind::NotTranscriptFormat {
                extension: extension(path),
                supported: FileKind::extensions()
                    .0
                    .iter()
                    .map(|e| format!(".{e}"))
                    .collect(),
            },
        )
    })?;
    let (blocks, encoding) = match format {
        TranscriptFormat::Docx => (docx::parse(bytes).map_err(fail)?, "OOXML".to_owned()),
        text_format => {
            let decoded = encoding::decode(bytes).map_err(fail)?;
            let blocks = match text_format {
                TranscriptFormat::Vtt => vtt::parse(&decoded.text),
                TranscriptFormat::Srt => srt::parse(&decoded.text),
                _ => txt::parse(&decoded.text),
            };
            (blocks.map_err(fail)?, decoded.encoding.to_owned())
        }
    };
    let name = crate::text::nfc(
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| file_name(path))
            .trim(),
    );
    let attributes = document_attributes(path, &name, options)?;
    let kind = options.kind.unwrap_or_else(|| guess_kind(&name, &blocks));
    let rendered = transcript::render(&blocks, |speaker| {
        Some(transcript::participant(&name, speaker))
    });
    Ok(Prepared {
        source: NewSource {
            file_name: file_name(path),
            sha256: sha256_hex(bytes),
            format: format.as_str().to_owned(),
        },
        documents: vec![NewDocument {
            name,
            kind,
            text: rendered.text,
            turns: rendered.turns,
            case: None,
            question: None,
            attributes,
        }],
        cases: Vec::new(),
        encoding,
    })
}

/// Attributes from the file name pattern, then the given ones (which win).
fn document_attributes(
    path: &Path,
    stem: &str,
    options: &TranscriptOptions,
) -> Result<Vec<AttributeValue>> {
    let mut out: Vec<AttributeValue> = Vec::new();
    if let Some(pattern) = &options.pattern {
        let captured = pattern.captures(stem).ok_or_else(|| {
            Error::import(
                path,
                ProblemKind::NameDoesNotMatchPattern {
                    name: stem.to_owned(),
                    pattern: pattern.to_string(),
                },
            )
        })?;
        out.extend(captured.iter().map(|(k, v)| AttributeValue::category(k, v)));
    }
    for given in &options.attributes {
        out.retain(|a| a.name.to_lowercase() != given.name.to_lowercase());
        out.push(given.clone());
    }
    Ok(out)
}

fn guess_kind(name: &str, blocks: &[Block]) -> DocumentKind {
    let lower = name.to_lowercase();
    let mut speakers: Vec<&str> = Vec::new();
    for b in blocks {
        if let Block::Turn { speaker, .. } = b
            && !speakers.contains(&speaker.as_str())
        {
            speakers.push(speaker);
        }
    }
    if speakers.is_empty() {
        DocumentKind::Text
    } else if lower.contains("fokus") || lower.contains("focus") {
        DocumentKind::FocusGroup
    } else if lower.contains("intervju") || lower.contains("interview") {
        DocumentKind::Interview
    } else {
        let participants = speakers
            .iter()
            .filter(|s| {
                !transcript::speaker_attributes(s)
                    .contains(&AttributeValue::category("Roll", "Intervjuare"))
            })
            .count();
        if participants >= 4 {
            DocumentKind::FocusGroup
        } else {
            DocumentKind::Interview
        }
    }
}

/// What importing one transcript added.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportedTranscript {
    /// The file.
    pub path: PathBuf,
    /// The document's name.
    pub document: String,
    /// Its kind.
    pub kind: DocumentKind,
    /// The file format ("txt", "docx" …).
    pub format: String,
    /// How it was decoded.
    pub encoding: String,
    /// Speaker turns.
    pub turns: usize,
    /// Speaker labels in order of first appearance.
    pub speakers: Vec<String>,
    /// Whether any turn has a time.
    pub timestamps: bool,
    /// Document attributes set, as (name, value).
    pub attributes: Vec<(String, String)>,
    /// What was written.
    pub result: ImportResult,
}

/// The outcome of one file of a batch.
#[derive(Debug)]
pub struct FileOutcome {
    /// The file.
    pub path: PathBuf,
    /// What it added, or why nothing was added.
    pub outcome: Result<ImportedTranscript>,
}

/// Refuses a file whose bytes were imported before, naming its full path.
fn refuse_reimport(project: &Project, path: &Path, sha256: &str) -> Result<()> {
    match project.source_by_sha256(sha256)? {
        Some((existing, at)) => Err(Error::AlreadyImported {
            path: path.to_owned(),
            as_name: existing.file_name,
            imported_at: at,
        }),
        None => Ok(()),
    }
}

/// Writes a prepared file; the core's checks of the documents report
/// against the file.
fn write(
    project: &mut Project,
    by: CoderId,
    path: &Path,
    prepared: Prepared,
) -> Result<ImportResult> {
    project
        .import_with_cases(by, prepared.source, prepared.documents, prepared.cases)
        .map_err(|e| match checked(&e) {
            Some(kind) => Error::import(path, kind),
            None => e,
        })
}

/// The problem with what was read from a file, when the core's checks of
/// the documents refused it.
fn checked(e: &Error) -> Option<ProblemKind> {
    Some(match e {
        Error::NameRequired { what: "document" } => ProblemKind::NoDocumentName,
        Error::NameRequired { what: "attribute" } => ProblemKind::NoAttributeName,
        Error::NameRequired { what } => ProblemKind::NameRequired {
            what: (*what).to_owned(),
        },
        Error::NotNormalized { document } => ProblemKind::NotNormalized {
            document: document.clone(),
        },
        Error::BadTurn {
            document,
            turn,
            start,
            end,
            length,
        } => ProblemKind::BadTurn {
            document: document.clone(),
            turn: *turn,
            start: *start,
            end: *end,
            length: *length,
        },
        Error::OutOfRange { what, value, limit } => ProblemKind::OutOfRange {
            what: (*what).to_owned(),
            value: *value,
            limit: *limit,
        },
        Error::BadAttributeValue {
            attribute,
            value,
            expected: "number",
        } => ProblemKind::NotANumber {
            attribute: attribute.clone(),
            value: value.clone(),
        },
        Error::BadAttributeValue {
            attribute, value, ..
        } => ProblemKind::NotADate {
            attribute: attribute.clone(),
            value: value.clone(),
        },
        _ => return None,
    })
}

/// Imports one transcript file: all of it, or nothing.
pub fn import_transcript(
    project: &mut Project,
    by: CoderId,
    path: &Path,
    options: &TranscriptOptions,
) -> Result<ImportedTranscript> {
    let bytes = read_file(path)?;
    refuse_reimport(project, path, &sha256_hex(&bytes))?;
    let prepared = prepare_transcript(path, &bytes, options)?;
    let doc = &prepared.documents[0];
    let mut speakers: Vec<String> = Vec::new();
    for t in &doc.turns {
        if !speakers.contains(&t.speaker) {
            speakers.push(t.speaker.clone());
        }
    }
    let summary = ImportedTranscript {
        path: path.to_owned(),
        document: doc.name.clone(),
        kind: doc.kind,
        format: prepared.source.format.clone(),
        encoding: prepared.encoding.clone(),
        turns: doc.turns.len(),
        speakers,
        timestamps: doc.turns.iter().any(|t| t.start_ms.is_some()),
        attributes: doc
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect(),
        result: ImportResult::default(),
    };
    let result = write(project, by, path, prepared)?;
    Ok(ImportedTranscript { result, ..summary })
}

/// Imports transcript files one by one; each file is all or nothing and
/// the outcome of each is reported.
pub fn import_transcripts(
    project: &mut Project,
    by: CoderId,
    paths: &[PathBuf],
    options: &TranscriptOptions,
) -> Vec<FileOutcome> {
    paths
        .iter()
        .map(|path| FileOutcome {
            path: path.clone(),
            outcome: import_transcript(project, by, path, options),
        })
        .collect()
}

/// Survey file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyFormat {
    /// Delimited text.
    Csv,
    /// Excel workbook.
    Xlsx,
}

impl SurveyFormat {
    /// The format of a file, by its extension (.csv, .tsv, .txt, .xlsx).
    /// A `.txt` file is read as a survey only when it is imported as one
    /// (it is a transcript by [`FileKind::of`]).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = extension(path);
        FILE_KINDS.iter().find_map(|(e, k)| match k {
            FileKind::Survey(f) if *e == ext => Some(*f),
            _ => None,
        })
    }

    /// Short name ("csv", "xlsx").
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// A survey read and checked, with its preview.
#[derive(Clone, Debug)]
pub struct PreparedSurvey {
    /// Counts of what would be added.
    pub preview: SurveyPreview,
    /// What [`Project::import`] will be given.
    pub prepared: Prepared,
}

/// Reads a survey export's bytes with a mapping into answer documents and a
/// preview. Nothing is written.
pub fn prepare_survey(
    path: &Path,
    bytes: &[u8],
    mapping: &SurveyMapping,
) -> Result<PreparedSurvey> {
    let fail = |p: Problem| p.into_error(path);
    let format = SurveyFormat::from_path(path).ok_or_else(|| not_survey(path))?;
    let table = match format {
        SurveyFormat::Csv => csv::read(bytes),
        SurveyFormat::Xlsx => xlsx::read(bytes, mapping.sheet.as_deref()),
    }
    .map_err(fail)?;
    let survey = survey::build(&table, mapping, &file_name(path), format.as_str()).map_err(fail)?;
    if survey.documents.is_empty() {
        return Err(fail(ProblemKind::NoAnswers.into()));
    }
    let encoding = match &table.layout {
        survey::Layout::Csv { encoding, .. } => (*encoding).to_owned(),
        survey::Layout::Xlsx { .. } => "OOXML".to_owned(),
    };
    Ok(PreparedSurvey {
        preview: survey.preview,
        prepared: Prepared {
            source: NewSource {
                file_name: file_name(path),
                sha256: sha256_hex(bytes),
                format: format.as_str().to_owned(),
            },
            documents: survey.documents,
            cases: survey.cases,
            encoding,
        },
    })
}

/// The preview of importing a survey file; nothing is written.
pub fn preview_survey(path: &Path, mapping: &SurveyMapping) -> Result<SurveyPreview> {
    Ok(prepare_survey(path, &read_file(path)?, mapping)?.preview)
}

/// What importing a survey added.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportedSurvey {
    /// The counts, as previewed.
    pub preview: SurveyPreview,
    /// What was written.
    pub result: ImportResult,
}

/// Imports a survey export: all of its answers, or nothing.
pub fn import_survey(
    project: &mut Project,
    by: CoderId,
    path: &Path,
    mapping: &SurveyMapping,
) -> Result<ImportedSurvey> {
    let bytes = read_file(path)?;
    refuse_reimport(project, path, &sha256_hex(&bytes))?;
    let PreparedSurvey { preview, prepared } = prepare_survey(path, &bytes, mapping)?;
    let result = write(project, by, path, prepared)?;
    Ok(ImportedSurvey { preview, result })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_has_one_default_kind_and_txt_can_be_read_as_a_survey() {
        let (transcripts, surveys) = FileKind::extensions();
        assert_eq!(
            transcripts,
            ["txt", "text", "md", "markdown", "docx", "vtt", "srt"]
        );
        assert_eq!(surveys, ["csv", "tsv", "xlsx", "xlsm"]);
        assert_eq!(
            FileKind::of(Path::new("a/Intervju.TXT")),
            Some(FileKind::Transcript(TranscriptFormat::Txt))
        );
        assert_eq!(
            FileKind::of(Path::new("enkat.tsv")),
            Some(FileKind::Survey(SurveyFormat::Csv))
        );
        assert_eq!(FileKind::of(Path::new("anteckning.odt")), None);
        assert_eq!(
            SurveyFormat::from_path(Path::new("svar.txt")),
            Some(SurveyFormat::Csv),
            "a .txt file imported as a survey is delimited text"
        );
        assert_eq!(
            TranscriptFormat::from_path(Path::new("svar.csv")),
            None,
            "a survey export is not a transcript"
        );
    }
}
