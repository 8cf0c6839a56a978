//! What is wrong with a file offered for import, and where: typed, so the
//! window writes it in the user's language.
//!
//! A [`Problem`] is a [`ProblemKind`] (one variant per distinct problem,
//! sent as a stable snake_case key with its parameters by name) and, where
//! it applies, a [`Location`] (a line, a cell, a sheet, an archive part …,
//! as data). Its `Display` is the English sentence the command line prints
//! and logs keep. [`Error::Import`] carries one; [`Error::details`] gives
//! the window `problem` (the key), the parameters, `at` (the location's
//! kind) and the location's fields, and the window looks up
//! `importProblem.<key>` and `importAt.<at>`.

use crate::error::Error;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;
use std::path::Path;

/// Declares [`ProblemKind`] with its list of keys in one place, so a key
/// cannot be missing from [`ProblemKind::KEYS`] or differ from what is sent.
macro_rules! problem_kinds {
    ($(
        $(#[$attr:meta])*
        $variant:ident $({ $($(#[$fattr:meta])* $field:ident : $ty:ty),* $(,)? })? = $key:literal
    ),+ $(,)?) => {
        /// What is wrong with a file offered for import, one variant per
        /// distinct problem. Sent as `problem: "<key>"` with the fields
        /// by name (serde's internal tagging); `Display` is the English
        /// sentence for the command line and logs.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
        #[serde(tag = "problem")]
        pub enum ProblemKind {
            $(
                $(#[$attr])*
                #[serde(rename = $key)]
                $variant $({ $($(#[$fattr])* $field: $ty),* })?
            ),+
        }

        impl ProblemKind {
            /// Every key, in declaration order.
            pub const KEYS: &[&str] = &[$($key),+];

            /// The stable key sent as `problem` ("empty_file" …).
            pub fn key(&self) -> &'static str {
                match self {
                    $(ProblemKind::$variant { .. } => $key),+
                }
            }
        }
    };
}

problem_kinds! {
    // ------------------------------------------------------------ any file
    /// A folder was offered where a file is read.
    #[error("this is a folder, not a file")]
    IsFolder = "is_folder",
    /// The file is over [`super::MAX_FILE_BYTES`].
    #[error("the file is {mib} MiB; at most {max_mib} MiB is read")]
    TooLarge {
        /// The file's size (MiB, rounded down).
        mib: u64,
        /// The most that is read (MiB).
        max_mib: u64,
    } = "too_large",
    /// The file has no bytes at all.
    #[error("the file is empty (0 bytes)")]
    EmptyFile = "empty_file",
    /// The extension is not one imported as a transcript.
    #[error(
        "cannot import a \".{extension}\" file as a transcript; use {} (save .odt and .doc files as .docx)",
        .supported.join(", ")
    )]
    NotTranscriptFormat {
        /// The file's extension, without the dot.
        extension: String,
        /// The extensions that are, with the dot (".txt" …).
        supported: Vec<String>,
    } = "not_transcript_format",
    /// The extension is not one imported as a survey.
    #[error("cannot import a \".{extension}\" file as a survey; use .csv or .xlsx")]
    NotSurveyFormat {
        /// The file's extension, without the dot.
        extension: String,
    } = "not_survey_format",
    /// The file name does not match the pattern attributes are read from.
    #[error("the file name \"{name}\" does not match the pattern \"{pattern}\"")]
    NameDoesNotMatchPattern {
        /// The file name without its extension.
        name: String,
        /// The pattern.
        pattern: String,
    } = "name_does_not_match_pattern",

    // ------------------------------------------------------------ text files
    /// Neither UTF-8, UTF-16 with a byte order mark, nor the legacy
    /// encoding that fits best.
    #[error("the text encoding could not be recognised (it is neither UTF-8, UTF-16 nor {guess})")]
    UnknownEncoding {
        /// The legacy encoding tried ("windows-1252" …).
        guess: String,
    } = "unknown_encoding",
    /// A UTF-8 byte order mark, then bytes that are not UTF-8.
    #[error("the text is not valid UTF-8, although the file starts with a UTF-8 byte order mark")]
    BadUtf8AfterBom = "bad_utf8_after_bom",
    /// A UTF-16 byte order mark and an odd number of bytes.
    #[error("the file starts with a {encoding} byte order mark but has an odd number of bytes")]
    Utf16OddLength {
        /// "UTF-16LE" or "UTF-16BE".
        encoding: String,
    } = "utf16_odd_length",
    /// A UTF-16 byte order mark, then bytes that are not UTF-16.
    #[error("the file starts with a {encoding} byte order mark but is not valid {encoding}")]
    BadUtf16 {
        /// "UTF-16LE" or "UTF-16BE".
        encoding: String,
    } = "bad_utf16",
    /// A NUL character: binary data, or UTF-16 without a byte order mark.
    #[error(
        "the file contains binary data (a NUL character); it does not look like a text file \
         (UTF-16 text needs a byte order mark: save it as UTF-8 or \"Unicode\")"
    )]
    BinaryData = "binary_data",
    /// Too many control characters to be text.
    #[error("the file does not look like text ({controls} control characters in {total})")]
    NotText {
        /// Control characters found.
        controls: usize,
        /// Characters in all.
        total: usize,
    } = "not_text",
    /// Nothing but white space.
    #[error("the file has no text")]
    NoText = "no_text",

    // ------------------------------------------------------------ Office files (ZIP)
    /// The file does not start like a ZIP archive.
    #[error("this is not {format}: it is not a ZIP archive")]
    NotZip {
        /// The format the file's name promised.
        format: OfficeFormat,
    } = "not_zip",
    /// The ZIP archive cannot be opened.
    #[error("this is not {format}: the ZIP archive is damaged ({reason})")]
    DamagedArchive {
        /// The format the file's name promised.
        format: OfficeFormat,
        /// What the ZIP reader said (English).
        reason: String,
    } = "damaged_archive",
    /// More entries than [`super::MAX_ENTRIES`].
    #[error("the archive has {count} entries (at most {max} are read); it is refused as a possible ZIP bomb")]
    TooManyEntries {
        /// Entries the archive has.
        count: usize,
        /// The most that are read.
        max: usize,
    } = "too_many_entries",
    /// An entry inflates past the cap ([`super::MAX_ENTRY_BYTES`], or what
    /// is left of [`super::MAX_TOTAL_BYTES`]).
    #[error(
        "the archive entry inflates to more than {limit_mib} MiB ({size_mib} MiB or more); it is refused as a possible ZIP bomb"
    )]
    ZipBomb {
        /// The cap (MiB).
        limit_mib: u64,
        /// What it claims or was found to inflate to (MiB, rounded down).
        size_mib: u64,
    } = "zip_bomb",
    /// An entry inflates to more than its header says.
    #[error("the archive entry inflates to more than its header says; it is refused as a possible ZIP bomb")]
    LargerThanDeclared = "larger_than_declared",
    /// An entry cannot be inflated.
    #[error("the archive entry cannot be read ({reason})")]
    UnreadableEntry {
        /// What the ZIP reader said (English).
        reason: String,
    } = "unreadable_entry",
    /// The archive is encrypted.
    #[error("the file is password-protected; remove the password and save it again")]
    PasswordProtected = "password_protected",
    /// XML declaring a document type (and so, possibly, entities).
    #[error(
        "the XML has a DOCTYPE declaration; files with DTDs or entity declarations are refused (entities are never resolved)"
    )]
    XmlDoctype = "xml_doctype",
    /// The XML cannot be parsed.
    #[error("the XML is malformed at byte {byte}: {reason}")]
    MalformedXml {
        /// Where the parser stopped (bytes into the part).
        byte: u64,
        /// What the parser said (English).
        reason: String,
    } = "malformed_xml",
    /// The XML is not UTF-8.
    #[error("the XML is not UTF-8 (byte {byte})")]
    XmlNotUtf8 {
        /// The first byte that is not.
        byte: usize,
    } = "xml_not_utf8",
    /// A character reference (`&#…;`) that is no character.
    #[error("bad character reference &{reference};: {reason}")]
    BadCharacterReference {
        /// The reference, without `&` and `;`.
        reference: String,
        /// What the parser said (English).
        reason: String,
    } = "bad_character_reference",
    /// An entity other than XML's five.
    #[error("the XML refers to an undeclared entity &{entity}; (entities are never resolved)")]
    UndeclaredEntity {
        /// The entity's name.
        entity: String,
    } = "undeclared_entity",

    // ------------------------------------------------------------ Word
    /// An OLE file: Word 97–2003, or a password-protected document.
    #[error(
        "this is a Word 97–2003 document (.doc) or a password-protected file; open it in Word and save it as .docx without a password"
    )]
    OldWordFormat = "old_word_format",
    /// A ZIP archive without the document part.
    #[error("this is not a Word document (.docx): the archive has no {missing}")]
    NotWordDocument {
        /// The part that is missing ("word/document.xml").
        missing: String,
    } = "not_word_document",

    // ------------------------------------------------------------ WebVTT and SRT
    /// The first line is not `WEBVTT`.
    #[error("a WebVTT file must start with \"WEBVTT\"")]
    NoWebvttHeader = "no_webvtt_header",
    /// A block that is neither a note nor a cue with a timing line.
    #[error("expected a cue timing line such as \"00:00:04.000 --> 00:00:10.073\"")]
    ExpectedVttTiming = "expected_vtt_timing",
    /// A time that is not WebVTT's `hh:mm:ss.ttt`.
    #[error("\"{value}\" is not a WebVTT time stamp (hh:mm:ss.ttt or mm:ss.ttt)")]
    BadVttTime {
        /// The text found.
        value: String,
    } = "bad_vtt_time",
    /// A number line not followed by a timing line.
    #[error("cue number without a timing line")]
    CueNumberWithoutTiming = "cue_number_without_timing",
    /// A block that starts with neither a cue number nor a timing line.
    #[error("expected a cue number or a timing line such as \"00:00:04,000 --> 00:00:07,121\"")]
    ExpectedSrtCue = "expected_srt_cue",
    /// A time that is not SRT's `hh:mm:ss,mmm`.
    #[error("\"{value}\" is not an SRT time (hh:mm:ss,mmm)")]
    BadSrtTime {
        /// The text found.
        value: String,
    } = "bad_srt_time",
    /// A timing line inside a cue's text (a missing blank line).
    #[error("cue text cannot contain \"-->\" (is a blank line missing before this cue?)")]
    ArrowInCueText = "arrow_in_cue_text",
    /// A cue whose end comes before its start.
    #[error("the cue ends before it starts")]
    CueEndsBeforeStart = "cue_ends_before_start",
    /// A subtitle file without cues.
    #[error("the file has no subtitle cues")]
    NoCues = "no_cues",
    /// Cues, but no text in them.
    #[error("the cues have no text")]
    NoCueText = "no_cue_text",

    // ------------------------------------------------------------ Excel
    /// An OLE file: Excel 97–2003, or a password-protected workbook.
    #[error(
        "this is an Excel 97–2003 workbook (.xls) or a password-protected file; save it as .xlsx without a password"
    )]
    OldExcelFormat = "old_excel_format",
    /// The spreadsheet reader gave up (it panicked).
    #[error("the workbook is malformed: the spreadsheet reader could not make sense of it")]
    MalformedWorkbook = "malformed_workbook",
    /// The spreadsheet reader cannot open the workbook.
    #[error("this is not a readable Excel workbook (.xlsx): {reason}")]
    UnreadableWorkbook {
        /// What the reader said (English).
        reason: String,
    } = "unreadable_workbook",
    /// The mapping names a sheet the workbook lacks.
    #[error("the workbook has no sheet \"{name}\" (it has: {})", .sheets.join(", "))]
    NoSuchSheet {
        /// The sheet asked for.
        name: String,
        /// The sheets it has.
        sheets: Vec<String>,
    } = "no_such_sheet",
    /// A workbook without sheets.
    #[error("the workbook has no sheets")]
    NoSheets = "no_sheets",
    /// The sheet's cells cannot be read.
    #[error("the sheet cannot be read: {reason}")]
    UnreadableSheet {
        /// What the reader said (English).
        reason: String,
    } = "unreadable_sheet",
    /// More filled cells than [`super::MAX_CELLS`].
    #[error("the sheet has more than {max} filled cells; it is too large to import")]
    TooManyCells {
        /// The most that are read.
        max: usize,
    } = "too_many_cells",
    /// A sheet without a filled cell.
    #[error("the sheet is empty")]
    EmptySheet = "empty_sheet",
    /// A cell holding an error value (`#DIV/0!` …).
    #[error("the cell holds the spreadsheet error {value}; fix or clear it first")]
    CellError {
        /// The error as the spreadsheet shows it.
        value: String,
    } = "cell_error",
    /// A filled cell outside the header's columns.
    #[error("the cell has a value but its column has no header")]
    CellWithoutHeader = "cell_without_header",

    // ------------------------------------------------------------ CSV
    /// The CSV reader failed.
    #[error("the CSV cannot be read: {reason}")]
    UnreadableCsv {
        /// What the reader said (English).
        reason: String,
    } = "unreadable_csv",
    /// A row with more or fewer fields than the header.
    #[error("the row has {fields} fields but the header has {expected}")]
    WrongFieldCount {
        /// Fields in the row.
        fields: usize,
        /// Fields in the header.
        expected: usize,
    } = "wrong_field_count",
    /// The same, where a field spans lines: most likely a quote never closed.
    #[error(
        "the row has {fields} fields but the header has {expected} (an unclosed quote may have swallowed the lines after it)"
    )]
    UnclosedQuote {
        /// Fields in the row.
        fields: usize,
        /// Fields in the header.
        expected: usize,
    } = "unclosed_quote",
    /// No non-blank row at all.
    #[error("the file has no header row")]
    NoHeaderRow = "no_header_row",

    // ------------------------------------------------------------ surveys
    /// Two columns with one name.
    #[error(
        "the column name \"{name}\" appears twice (column {first} and column {second}); rename one so that the mapping is unambiguous"
    )]
    DuplicateColumn {
        /// The name.
        name: String,
        /// The first column with it, as the user's program names columns
        /// ("2" in a CSV file, "B" in a workbook).
        first: String,
        /// The second.
        second: String,
    } = "duplicate_column",
    /// A mapping file that is not a valid mapping.
    #[error("not a valid mapping: {reason}")]
    BadMappingFile {
        /// What the JSON reader said (English).
        reason: String,
    } = "bad_mapping_file",
    /// The mapping has no respondent id column.
    #[error(
        "the mapping does not say which column holds the respondent id (--id); the file's columns are {}",
        quoted(.columns)
    )]
    NoIdColumn {
        /// The file's column names.
        columns: Vec<String>,
    } = "no_id_column",
    /// The mapping has no question columns.
    #[error("the mapping names no question columns (--question); the file's columns are {}", quoted(.columns))]
    NoQuestionColumns {
        /// The file's column names.
        columns: Vec<String>,
    } = "no_question_columns",
    /// The mapping names a column the file lacks.
    #[error(
        "the mapping names a column \"{name}\" that the file does not have; the file's columns are {}",
        quoted(.columns)
    )]
    ColumnNotFound {
        /// The name in the mapping.
        name: String,
        /// The file's column names.
        columns: Vec<String>,
    } = "column_not_found",
    /// The mapping names a column that the file has in other letter case.
    #[error("the mapping names a column \"{name}\" that the file does not have; did you mean \"{suggestion}\"?")]
    ColumnCaseDiffers {
        /// The name in the mapping.
        name: String,
        /// The file's column of that name in other case.
        suggestion: String,
    } = "column_case_differs",
    /// The mapping gives one column two roles.
    #[error("the mapping uses the column \"{name}\" twice; each column can have one role")]
    ColumnUsedTwice {
        /// The column's name.
        name: String,
    } = "column_used_twice",
    /// A row without a respondent id.
    #[error("the respondent id is empty")]
    EmptyRespondentId = "empty_respondent_id",
    /// A row without a round, where the mapping has a round column.
    #[error("the round is empty")]
    EmptyRound = "empty_round",
    /// A respondent with two rows (no round column).
    #[error("respondent {id} appears twice (first on row {first_row})")]
    DuplicateRespondent {
        /// The respondent id.
        id: String,
        /// The row (a CSV file's line) where it first appears.
        first_row: u64,
    } = "duplicate_respondent",
    /// A respondent with two rows in one round.
    #[error("respondent {id} appears twice in round {round} (first on row {first_row})")]
    DuplicateRespondentInRound {
        /// The respondent id.
        id: String,
        /// The round.
        round: String,
        /// The row (a CSV file's line) where it first appears.
        first_row: u64,
    } = "duplicate_respondent_in_round",
    /// The mapped question columns are all blank.
    #[error("the mapped question columns have no answers; nothing to import")]
    NoAnswers = "no_answers",

    // ------------------------------------------------------------ the core's checks of what was read
    /// The document's name is empty (a file named only by white space).
    #[error("a document needs a name")]
    NoDocumentName = "no_document_name",
    /// An attribute's name is empty (an unnamed column mapped as one).
    #[error("an attribute needs a name")]
    NoAttributeName = "no_attribute_name",
    /// Something else read from the file has an empty name.
    #[error("a {what} needs a name")]
    NameRequired {
        /// What ("case" …; English).
        what: String,
    } = "name_required",
    /// A value that is not a number for a number attribute.
    #[error("{attribute}: \"{value}\" is not a number")]
    NotANumber {
        /// The attribute.
        attribute: String,
        /// The value.
        value: String,
    } = "not_a_number",
    /// A value that is not a date for a date attribute.
    #[error("{attribute}: \"{value}\" is not a date (YYYY-MM-DD)")]
    NotADate {
        /// The attribute.
        attribute: String,
        /// The value.
        value: String,
    } = "not_a_date",
    /// The importer made text that is not NFC (a bug in Tematik).
    #[error("the text of \"{document}\" is not NFC-normalised")]
    NotNormalized {
        /// The document's name.
        document: String,
    } = "not_normalized",
    /// The importer made a turn out of order (a bug in Tematik).
    #[error("turn {turn} of \"{document}\" ({start}–{end}) is out of order or outside the text ({length} characters)")]
    BadTurn {
        /// The document's name.
        document: String,
        /// The turn, from 1.
        turn: usize,
        /// Its start (code points).
        start: usize,
        /// Its end (code points).
        end: usize,
        /// The text's length (code points).
        length: usize,
    } = "bad_turn",
    /// The importer made a position outside the text (a bug in Tematik).
    #[error("{what} {value} is outside the text, which ends at {limit}")]
    OutOfRange {
        /// Which position (English).
        what: String,
        /// The position.
        value: usize,
        /// The text's end.
        limit: usize,
    } = "out_of_range",
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Office format a file's name promised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeFormat {
    /// Word (.docx).
    Docx,
    /// Excel (.xlsx).
    Xlsx,
}

impl fmt::Display for OfficeFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OfficeFormat::Docx => "a Word document (.docx)",
            OfficeFormat::Xlsx => "an Excel workbook (.xlsx)",
        })
    }
}

/// Where in a file a problem is, as the user's program shows it. Sent as
/// `at: "<kind>"` with the fields by name; `column_name` only when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Location {
    /// A line of a text file, from 1.
    Line {
        /// The line.
        line: u64,
    },
    /// A line and character column of a text file (a mapping file), from 1.
    LineColumn {
        /// The line.
        line: u64,
        /// The character column.
        column: u64,
    },
    /// A field of a delimited-text file: the line its record starts on and
    /// its column number, from 1.
    Field {
        /// The line.
        line: u64,
        /// The column number.
        column: u64,
        /// The column's header, when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        column_name: Option<String>,
    },
    /// A sheet of a workbook.
    Sheet {
        /// The sheet's name.
        sheet: String,
    },
    /// A row of a sheet, from 1.
    Row {
        /// The sheet's name.
        sheet: String,
        /// The row.
        row: u64,
    },
    /// A cell of a sheet, as Excel names it ("F14").
    Cell {
        /// The sheet's name.
        sheet: String,
        /// The cell.
        cell: String,
        /// The cell's column header, when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        column_name: Option<String>,
    },
    /// A part (entry) of an Office file's archive ("word/document.xml").
    Part {
        /// The entry's name.
        part: String,
    },
}

impl Location {
    /// Every kind, as sent under `at`.
    pub const KEYS: &[&str] = &[
        "line",
        "line_column",
        "field",
        "sheet",
        "row",
        "cell",
        "part",
    ];

    /// The kind sent under `at`.
    pub fn key(&self) -> &'static str {
        match self {
            Location::Line { .. } => "line",
            Location::LineColumn { .. } => "line_column",
            Location::Field { .. } => "field",
            Location::Sheet { .. } => "sheet",
            Location::Row { .. } => "row",
            Location::Cell { .. } => "cell",
            Location::Part { .. } => "part",
        }
    }

    /// A line, from a count that starts at 1.
    pub fn line(line: impl TryInto<u64>) -> Self {
        Location::Line {
            line: line.try_into().unwrap_or(u64::MAX),
        }
    }

    /// A part of an archive.
    pub fn part(part: impl Into<String>) -> Self {
        Location::Part { part: part.into() }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let named = |f: &mut fmt::Formatter<'_>, name: &Option<String>| match name {
            Some(n) => write!(f, " (\"{n}\")"),
            None => Ok(()),
        };
        match self {
            Location::Line { line } => write!(f, "line {line}"),
            Location::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Location::Field {
                line,
                column,
                column_name,
            } => {
                write!(f, "line {line}, column {column}")?;
                named(f, column_name)
            }
            Location::Sheet { sheet } => write!(f, "sheet \"{sheet}\""),
            Location::Row { sheet, row } => write!(f, "sheet \"{sheet}\", row {row}"),
            Location::Cell {
                sheet,
                cell,
                column_name,
            } => {
                write!(f, "sheet \"{sheet}\", cell {cell}")?;
                named(f, column_name)
            }
            Location::Part { part } => f.write_str(part),
        }
    }
}

/// What is wrong with an input, and where. Becomes [`Error::Import`] once
/// the file is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// Where, when it is one place in the file.
    pub at: Option<Location>,
}

impl Problem {
    /// A problem with the file as a whole.
    pub fn new(kind: ProblemKind) -> Self {
        Problem { kind, at: None }
    }

    /// A problem at one place.
    pub fn at(at: Location, kind: ProblemKind) -> Self {
        Problem { kind, at: Some(at) }
    }

    /// The error for `path`.
    pub(crate) fn into_error(self, path: &Path) -> Error {
        Error::Import {
            path: path.to_owned(),
            problem: Box::new(self),
        }
    }

    /// The fields sent to the window: `problem` (the key) and the kind's
    /// parameters, `at` (the location's kind) and its fields, and `message`
    /// (the English sentence, for logs).
    pub fn details(&self) -> Map<String, Value> {
        let mut m = Map::new();
        for part in [
            serde_json::to_value(&self.kind).ok(),
            self.at.as_ref().and_then(|a| serde_json::to_value(a).ok()),
        ] {
            if let Some(Value::Object(fields)) = part {
                m.extend(fields);
            }
        }
        m.insert("message".into(), Value::from(self.to_string()));
        m
    }
}

impl From<ProblemKind> for Problem {
    fn from(kind: ProblemKind) -> Self {
        Problem::new(kind)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl Error {
    /// An import error for `path` without a place in the file.
    pub(crate) fn import(path: &Path, kind: ProblemKind) -> Self {
        Problem::new(kind).into_error(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_sent_as_its_key_its_parameters_and_its_place() {
        let p = Problem::at(
            Location::Cell {
                sheet: "Svar".into(),
                cell: "F14".into(),
                column_name: Some("Samverkan".into()),
            },
            ProblemKind::CellError {
                value: "#DIV/0!".into(),
            },
        );
        let d = p.details();
        assert_eq!(d["problem"], "cell_error");
        assert_eq!(d["value"], "#DIV/0!");
        assert_eq!(d["at"], "cell");
        assert_eq!((&d["sheet"], &d["cell"]), (&"Svar".into(), &"F14".into()));
        assert_eq!(d["column_name"], "Samverkan");
        assert_eq!(
            d["message"],
            "sheet \"Svar\", cell F14 (\"Samverkan\"): the cell holds the spreadsheet error #DIV/0!; fix or clear it first"
        );
        let d = Problem::new(ProblemKind::ZipBomb {
            limit_mib: 64,
            size_mib: 70,
        })
        .details();
        assert_eq!((&d["limit_mib"], &d["size_mib"]), (&64.into(), &70.into()));
        assert!(!d.contains_key("at"));
    }

    #[test]
    fn location_keys_are_what_is_sent() {
        let samples = [
            Location::line(3),
            Location::LineColumn { line: 1, column: 2 },
            Location::Field {
                line: 1,
                column: 2,
                column_name: None,
            },
            Location::Sheet { sheet: "s".into() },
            Location::Row {
                sheet: "s".into(),
                row: 1,
            },
            Location::Cell {
                sheet: "s".into(),
                cell: "A1".into(),
                column_name: None,
            },
            Location::part("word/document.xml"),
        ];
        let keys: Vec<&str> = samples.iter().map(Location::key).collect();
        assert_eq!(keys, Location::KEYS);
        for s in &samples {
            assert_eq!(serde_json::to_value(s).unwrap()["at"], s.key());
        }
    }
}
