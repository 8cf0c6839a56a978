//! The one error type of the core library.
//!
//! Every variant has a stable [`ErrorCode`] (sent to the window and printed
//! by `tematik --json`) and its fields as [`Error::details`], so a view can
//! act on what went wrong and write the message in the user's language; the
//! `Display` text is an English sentence for the command line.

use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// Everything that can go wrong in the core library.
///
/// Every variant says what was wrong in words a researcher can act on; each
/// has a stable [`ErrorCode`] (see [`Error::code`]) so the UI never branches
/// on message text, and its fields by name (see [`Error::details`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file exists but is not a Tematik project (another SQLite database,
    /// or not SQLite at all).
    #[error("{path} is not a Tematik project: {reason}")]
    NotAProject {
        /// The file that was opened.
        path: PathBuf,
        /// What was found instead.
        reason: String,
    },
    /// The project was written by a newer Tematik than this one.
    #[error(
        "{path} was saved by a newer version of Tematik (project format {found}; this version reads up to {supported}). Update Tematik to open it."
    )]
    NewerSchema {
        /// The file that was opened.
        path: PathBuf,
        /// The schema version stored in the file.
        found: i64,
        /// The newest schema version this build understands.
        supported: i64,
    },
    /// A project file was to be created where a file already exists.
    #[error("{0} already exists; choose another file name")]
    AlreadyExists(PathBuf),
    /// A project file to open does not exist.
    #[error("{0} does not exist")]
    NotFound(PathBuf),
    /// A referenced entity does not exist in this project.
    #[error("no {kind} with id {id} in this project")]
    UnknownId {
        /// What kind of thing was looked up ("code", "document" …).
        kind: &'static str,
        /// The identity that was not found.
        id: String,
    },
    /// A name lookup found nothing.
    #[error("no {kind} named \"{name}\" in this project")]
    UnknownName {
        /// What kind of thing was looked up.
        kind: &'static str,
        /// The name that was not found.
        name: String,
    },
    /// A name lookup found more than one match.
    #[error("\"{name}\" names {count} {kind}s; use a path (Theme/Code) or an id")]
    AmbiguousName {
        /// What kind of thing was looked up.
        kind: &'static str,
        /// The ambiguous name.
        name: String,
        /// How many matched.
        count: usize,
    },
    /// A name was empty (or only white space) where one is required.
    #[error("a {what} needs a name")]
    NameRequired {
        /// What needs the name ("code", "case", "document", "quote set" …).
        what: &'static str,
    },
    /// Another thing of the same kind already has this name at this place.
    #[error("a {kind} named \"{name}\" already exists {}", place(.within))]
    NameTaken {
        /// What kind of thing ("code", "tag dimension").
        kind: &'static str,
        /// The name asked for.
        name: String,
        /// The parent code the name is taken under; `None` at the top level
        /// or for things without a hierarchy.
        within: Option<String>,
    },
    /// A code name contains '/', which separates the levels of a code path.
    #[error("\"{name}\": a code name cannot contain '/', which separates levels in code paths")]
    NameHasSlash {
        /// The name asked for.
        name: String,
    },
    /// Moving (or merging) something there would place it within itself.
    #[error("cannot place {kind} \"{name}\" in \"{target}\": it would end up within itself")]
    WouldCreateCycle {
        /// What is moved ("code", "case").
        kind: &'static str,
        /// The name of the one moved.
        name: String,
        /// The name of the place it was to go.
        target: String,
    },
    /// A code was to be merged into itself.
    #[error("cannot merge \"{name}\" into itself")]
    SelfMerge {
        /// The code's name.
        name: String,
    },
    /// A top-level code's codings were to be moved to its parent, which it
    /// does not have.
    #[error(
        "\"{name}\" is at the top level and has no parent to move its codings to; delete them, or merge it into another code"
    )]
    NoParent {
        /// The code's name.
        name: String,
    },
    /// A node at the top level was to be promoted: there is no level above.
    #[error("\"{name}\" is at the top level already and cannot be promoted")]
    AtTopLevel {
        /// The node's name.
        name: String,
    },
    /// The first of its siblings was to be demoted: there is no node before
    /// it to place it in.
    #[error(
        "\"{name}\" is the first of its siblings: there is no node before it to demote it into"
    )]
    NoPreviousSibling {
        /// The node's name.
        name: String,
    },
    /// A coding was given that is not one of the node's: splitting takes
    /// codings of the code itself, pinning codings of the node or a node
    /// below it.
    #[error("coding {coding} is not a coding of \"{code}\"{}", if *.below { " or of a code below it" } else { "" })]
    CodingNotOfCode {
        /// The coding's id.
        coding: String,
        /// The node's name.
        code: String,
        /// Whether codings of the nodes below it count too (pinning).
        below: bool,
    },
    /// An example quote was to be moved or unpinned that is not pinned to
    /// the node.
    #[error("coding {coding} is not pinned as an example of \"{code}\"")]
    NotPinned {
        /// The coding's id.
        coding: String,
        /// The node's name.
        code: String,
    },
    /// A dimension was to become single-valued while codings or codes
    /// carry several of its values.
    #[error(
        "{dimension} cannot take only one value per coding: {codings} coding(s) and {codes} code(s) carry several of its values"
    )]
    SeveralValuesInUse {
        /// The dimension's name.
        dimension: String,
        /// Codings whose effective tags hold several of its values.
        codings: u64,
        /// Codes whose default tags hold several of its values.
        codes: u64,
    },
    /// A position lies outside the text.
    #[error("{what} {value} is outside the text, which ends at {limit}")]
    OutOfRange {
        /// Which position: "position" (code points), "span end" (code
        /// points), "byte offset" or "UTF-16 offset".
        what: &'static str,
        /// The position given.
        value: usize,
        /// The end of the text in the same unit.
        limit: usize,
    },
    /// A span whose end does not come after its start.
    #[error("the span {start}–{end} is empty: its end must come after its start")]
    EmptySpan {
        /// Start (code points).
        start: usize,
        /// End, exclusive (code points).
        end: usize,
    },
    /// A position falls inside a character (within a UTF-8 sequence or a
    /// UTF-16 surrogate pair).
    #[error("{what} {value} falls inside a character")]
    InsideCharacter {
        /// "byte offset" or "UTF-16 offset".
        what: &'static str,
        /// The offset given.
        value: usize,
    },
    /// A document's text was not NFC-normalised (positions would be ambiguous).
    #[error("the text of \"{document}\" is not NFC-normalised")]
    NotNormalized {
        /// The document's name.
        document: String,
    },
    /// A speaker turn of a document to be written is out of order or
    /// outside its text.
    #[error(
        "turn {turn} of \"{document}\" ({start}–{end}) is out of order or outside the text ({length} characters)"
    )]
    BadTurn {
        /// The document's name.
        document: String,
        /// The turn's number, from 1.
        turn: usize,
        /// The turn's start (code points).
        start: usize,
        /// The turn's end (code points).
        end: usize,
        /// The text's length (code points).
        length: usize,
    },
    /// A tag value was given for a dimension it does not belong to.
    #[error("a value of {value_dimension} was given for {dimension}")]
    WrongDimension {
        /// The dimension asked for.
        dimension: String,
        /// The dimension the value belongs to.
        value_dimension: String,
    },
    /// A single-valued dimension was given two values for one coding.
    #[error("{dimension} takes one value per coding, but two were given")]
    SingleValued {
        /// The dimension's name.
        dimension: String,
    },
    /// A quote was to be removed from a quote set that does not hold it.
    #[error("that quote is not in \"{set}\"")]
    NotInQuoteSet {
        /// The quote set's name.
        set: String,
    },
    /// A coding to be removed is quoted in quote sets: the caller must
    /// confirm that it goes from them too.
    #[error("the coding is quoted in {}; remove it from there too, or keep it", sets.join(", "))]
    CodingInQuoteSet {
        /// The names of the quote sets that hold it.
        sets: Vec<String>,
    },
    /// A trim of a quote is not within its coding's span, or its parts
    /// overlap or are out of order.
    #[error("the quote cannot be trimmed so: {reason}")]
    BadExcerpt {
        /// What is wrong.
        reason: String,
    },
    /// A memo with neither a title nor text.
    #[error("a memo needs a title or some text")]
    EmptyMemo,
    /// A value does not fit its attribute's type.
    #[error("{attribute}: \"{value}\" is not a {expected}")]
    BadAttributeValue {
        /// The attribute's name.
        attribute: String,
        /// The value given.
        value: String,
        /// What the attribute takes: "number" or "date (YYYY-MM-DD)".
        expected: &'static str,
    },
    /// A text is not one of a closed set of values (a role, a status, a
    /// level given on the command line …).
    #[error("\"{value}\" is not a valid {what} (expected one of: {expected})")]
    BadValue {
        /// Which set ("CodeRole", "ReviewStatus" …).
        what: &'static str,
        /// The text given.
        value: String,
        /// The accepted values, comma-separated.
        expected: String,
    },
    /// A colour that is not `#rrggbb`.
    #[error("\"{value}\" is not a colour; write it as #rrggbb")]
    BadColor {
        /// The text given.
        value: String,
    },
    /// A file name pattern (for attributes from file names) cannot be used.
    #[error("file name pattern \"{pattern}\": {reason}")]
    BadPattern {
        /// The pattern given.
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A search query cannot be parsed.
    #[error("{reason}")]
    QuerySyntax {
        /// What is wrong ("a parenthesis is not closed" …).
        reason: String,
    },
    /// A codebook template cannot be read.
    #[error("the codebook is not valid: {reason}")]
    BadTemplate {
        /// What is wrong with it.
        reason: String,
    },
    /// An attribution template cannot be read (an unclosed placeholder or
    /// bracket, an unknown filter …).
    #[error("the attribution template \"{template}\" is not valid: {reason}")]
    BadAttribution {
        /// The template as given.
        template: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A survey export was offered as a transcript: it is imported with a
    /// mapping of its columns.
    #[error("{path} is a survey export: import it with a mapping of its columns")]
    SurveyNeedsMapping {
        /// The file.
        path: PathBuf,
    },
    /// Stored data cannot be read: the project file is damaged or was
    /// changed by something other than Tematik.
    #[error("stored {what} cannot be read: {reason}")]
    Corrupt {
        /// What was read ("project id", "time", "meta row revision" …).
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No project is open (the desktop shell's error).
    #[error("no project is open")]
    NoProject,
    /// An id sent from the window is not a UUID.
    #[error("\"{value}\" is not a valid {kind} id")]
    BadId {
        /// What kind of id ("code", "document" …).
        kind: &'static str,
        /// The text sent.
        value: String,
    },
    /// The change on top of the undo stack was made on another computer;
    /// undoing it here is refused and nothing changed.
    #[error("cannot undo \"{summary}\": {coder} made that change on another computer")]
    UndoBarrier {
        /// The change's summary.
        summary: String,
        /// Who made it.
        coder: String,
    },
    /// A bug: something that should not happen did.
    #[error("internal error: {reason}")]
    Internal {
        /// What happened.
        reason: String,
    },
    /// Deleting a code would lose work; the caller must choose what happens to it.
    #[error(
        "code \"{name}\" has {codings} coding(s) ({quoted} quoted in quote sets) and {memos} memo(s); choose to move the codings to the parent code or to delete them"
    )]
    CodeInUse {
        /// The code's name.
        name: String,
        /// Codings made with the code.
        codings: u64,
        /// Memos written on the code.
        memos: u64,
        /// Of its codings, those quoted in quote sets (deleting the codings
        /// takes them out of the chapters).
        quoted: u64,
    },
    /// There is nothing to undo or redo.
    #[error("nothing to {0}")]
    NothingTo(&'static str),
    /// Undo or redo could not be applied because the project changed since in
    /// a way that conflicts; nothing was changed.
    #[error("cannot {action}: {reason}")]
    UndoConflict {
        /// "undo" or "redo".
        action: &'static str,
        /// What conflicted.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file could not be imported; nothing from it was written.
    #[error("{path}: {problem}")]
    Import {
        /// The file being imported.
        path: PathBuf,
        /// What is wrong (typed), with the line, cell or part where it
        /// applies.
        problem: Box<crate::import::Problem>,
    },
    /// This exact file was imported into the project before.
    #[error(
        "{path} was already imported on {imported_at} (as \"{as_name}\"); it was not imported again"
    )]
    AlreadyImported {
        /// The file offered for import.
        path: PathBuf,
        /// The file name it was imported under.
        as_name: String,
        /// When it was imported (UTC).
        imported_at: String,
    },
    /// A search index problem that could not be repaired by rebuilding.
    #[error("search index: {0}")]
    Index(String),
    /// The database reported an error.
    #[error("project database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Stored JSON could not be read or written.
    #[error("stored data: {0}")]
    Json(#[from] serde_json::Error),
    /// A file chosen as a Word template is not a Word document or
    /// template (.docx, .dotx) whose styles can be read.
    #[error("{path} is not a Word document or template: {reason}")]
    NotAWordDocument {
        /// The file chosen.
        path: PathBuf,
        /// What was found instead.
        reason: String,
    },
}

/// Declares [`ErrorCode`] with its list and texts in one place.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal),+ $(,)?) => {
        /// The stable, machine-readable kind of an [`Error`]: the `code` of
        /// the desktop shell's errors and of `tematik --json`. The window
        /// branches on it and looks up `error.<code>` for its text.
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode { $($(#[$doc])* $variant),+ }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as sent: snake_case, as serde writes it.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $text),+ }
            }
        }
    };
}

error_codes! {
    /// [`Error::NotAProject`].
    NotAProject = "not_a_project",
    /// [`Error::NewerSchema`].
    NewerSchema = "newer_schema",
    /// [`Error::AlreadyExists`].
    AlreadyExists = "already_exists",
    /// [`Error::NotFound`].
    NotFound = "not_found",
    /// [`Error::UnknownId`].
    UnknownId = "unknown_id",
    /// [`Error::UnknownName`].
    UnknownName = "unknown_name",
    /// [`Error::AmbiguousName`].
    AmbiguousName = "ambiguous_name",
    /// [`Error::NameRequired`].
    NameRequired = "name_required",
    /// [`Error::NameTaken`].
    NameTaken = "name_taken",
    /// [`Error::NameHasSlash`].
    NameHasSlash = "name_has_slash",
    /// [`Error::WouldCreateCycle`].
    WouldCreateCycle = "would_create_cycle",
    /// [`Error::SelfMerge`].
    SelfMerge = "self_merge",
    /// [`Error::NoParent`].
    NoParent = "no_parent",
    /// [`Error::AtTopLevel`].
    AtTopLevel = "at_top_level",
    /// [`Error::NoPreviousSibling`].
    NoPreviousSibling = "no_previous_sibling",
    /// [`Error::CodingNotOfCode`].
    CodingNotOfCode = "coding_not_of_code",
    /// [`Error::NotPinned`].
    NotPinned = "not_pinned",
    /// [`Error::SeveralValuesInUse`].
    SeveralValuesInUse = "several_values_in_use",
    /// [`Error::OutOfRange`].
    OutOfRange = "out_of_range",
    /// [`Error::EmptySpan`].
    EmptySpan = "empty_span",
    /// [`Error::InsideCharacter`].
    InsideCharacter = "inside_character",
    /// [`Error::NotNormalized`].
    NotNormalized = "not_normalized",
    /// [`Error::BadTurn`].
    BadTurn = "bad_turn",
    /// [`Error::WrongDimension`].
    WrongDimension = "wrong_dimension",
    /// [`Error::SingleValued`].
    SingleValued = "single_valued",
    /// [`Error::NotInQuoteSet`].
    NotInQuoteSet = "not_in_quote_set",
    /// [`Error::CodingInQuoteSet`].
    CodingInQuoteSet = "coding_in_quote_set",
    /// [`Error::BadExcerpt`].
    BadExcerpt = "bad_excerpt",
    /// [`Error::EmptyMemo`].
    EmptyMemo = "empty_memo",
    /// [`Error::BadAttributeValue`].
    BadAttributeValue = "bad_attribute_value",
    /// [`Error::BadValue`].
    BadValue = "bad_value",
    /// [`Error::BadColor`].
    BadColor = "bad_color",
    /// [`Error::BadPattern`].
    BadPattern = "bad_pattern",
    /// [`Error::QuerySyntax`].
    QuerySyntax = "query_syntax",
    /// [`Error::BadTemplate`].
    BadTemplate = "bad_template",
    /// [`Error::BadAttribution`].
    BadAttribution = "bad_attribution",
    /// [`Error::SurveyNeedsMapping`].
    SurveyNeedsMapping = "survey_needs_mapping",
    /// [`Error::Corrupt`].
    Corrupt = "corrupt",
    /// [`Error::CodeInUse`].
    CodeInUse = "code_in_use",
    /// [`Error::NothingTo`] for undo.
    NothingToUndo = "nothing_to_undo",
    /// [`Error::NothingTo`] for redo.
    NothingToRedo = "nothing_to_redo",
    /// [`Error::UndoConflict`].
    UndoConflict = "undo_conflict",
    /// [`Error::UndoBarrier`].
    UndoBarrier = "undo_barrier",
    /// [`Error::Io`].
    Io = "io",
    /// [`Error::Import`].
    Import = "import",
    /// [`Error::AlreadyImported`].
    AlreadyImported = "already_imported",
    /// [`Error::Index`].
    Index = "index",
    /// [`Error::Sqlite`] and [`Error::Json`]: the project file could not be
    /// read or written.
    Database = "database",
    /// [`Error::NoProject`].
    NoProject = "no_project",
    /// [`Error::BadId`].
    BadId = "bad_id",
    /// [`Error::Internal`].
    Internal = "internal",
    /// [`Error::NotAWordDocument`].
    NotAWordDocument = "not_a_word_document",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// "under "Parent"" or "at the top level", for [`Error::NameTaken`].
fn place(within: &Option<String>) -> String {
    match within {
        Some(p) => format!("under \"{p}\""),
        None => "at the top level".into(),
    }
}

/// A path as details: the file name under "file", the full path under "path".
fn path_details(m: &mut Map<String, Value>, path: &Path) {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned());
    m.insert("file".into(), json!(file));
    m.insert("path".into(), json!(path.to_string_lossy()));
}

impl Error {
    /// The stable machine-readable code of the error, for the desktop
    /// shell's `{code, message, details}` errors and for `tematik --json`.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            Error::NotAProject { .. } => C::NotAProject,
            Error::NewerSchema { .. } => C::NewerSchema,
            Error::AlreadyExists(_) => C::AlreadyExists,
            Error::NotFound(_) => C::NotFound,
            Error::UnknownId { .. } => C::UnknownId,
            Error::UnknownName { .. } => C::UnknownName,
            Error::AmbiguousName { .. } => C::AmbiguousName,
            Error::NameRequired { .. } => C::NameRequired,
            Error::NameTaken { .. } => C::NameTaken,
            Error::NameHasSlash { .. } => C::NameHasSlash,
            Error::WouldCreateCycle { .. } => C::WouldCreateCycle,
            Error::SelfMerge { .. } => C::SelfMerge,
            Error::NoParent { .. } => C::NoParent,
            Error::AtTopLevel { .. } => C::AtTopLevel,
            Error::NoPreviousSibling { .. } => C::NoPreviousSibling,
            Error::CodingNotOfCode { .. } => C::CodingNotOfCode,
            Error::NotPinned { .. } => C::NotPinned,
            Error::SeveralValuesInUse { .. } => C::SeveralValuesInUse,
            Error::OutOfRange { .. } => C::OutOfRange,
            Error::EmptySpan { .. } => C::EmptySpan,
            Error::InsideCharacter { .. } => C::InsideCharacter,
            Error::NotNormalized { .. } => C::NotNormalized,
            Error::BadTurn { .. } => C::BadTurn,
            Error::WrongDimension { .. } => C::WrongDimension,
            Error::SingleValued { .. } => C::SingleValued,
            Error::NotInQuoteSet { .. } => C::NotInQuoteSet,
            Error::CodingInQuoteSet { .. } => C::CodingInQuoteSet,
            Error::BadExcerpt { .. } => C::BadExcerpt,
            Error::EmptyMemo => C::EmptyMemo,
            Error::BadAttributeValue { .. } => C::BadAttributeValue,
            Error::BadValue { .. } => C::BadValue,
            Error::BadColor { .. } => C::BadColor,
            Error::BadPattern { .. } => C::BadPattern,
            Error::QuerySyntax { .. } => C::QuerySyntax,
            Error::BadTemplate { .. } => C::BadTemplate,
            Error::BadAttribution { .. } => C::BadAttribution,
            Error::SurveyNeedsMapping { .. } => C::SurveyNeedsMapping,
            Error::Corrupt { .. } => C::Corrupt,
            Error::CodeInUse { .. } => C::CodeInUse,
            Error::NothingTo("redo") => C::NothingToRedo,
            Error::NothingTo(_) => C::NothingToUndo,
            Error::UndoConflict { .. } => C::UndoConflict,
            Error::UndoBarrier { .. } => C::UndoBarrier,
            Error::Io { .. } => C::Io,
            Error::Import { .. } => C::Import,
            Error::AlreadyImported { .. } => C::AlreadyImported,
            Error::Index(_) => C::Index,
            Error::Sqlite(_) | Error::Json(_) => C::Database,
            Error::NoProject => C::NoProject,
            Error::BadId { .. } => C::BadId,
            Error::Internal { .. } => C::Internal,
            Error::NotAWordDocument { .. } => C::NotAWordDocument,
        }
    }

    /// The error's fields by name, for a message written in the user's
    /// language from [`Error::code`] and these: a path as its file name under
    /// "file" and in full under "path", numbers as numbers, a missing
    /// optional value as null. An import error adds its problem's
    /// (`problem`: the key, its parameters, `at` and the location's fields,
    /// and `message`, the English sentence: see
    /// [`crate::import::Problem::details`]).
    pub fn details(&self) -> Map<String, Value> {
        fn put(m: &mut Map<String, Value>, key: &str, value: Value) {
            m.insert(key.to_owned(), value);
        }
        let mut m = Map::new();
        match self {
            Error::NotAProject { path, reason } => {
                put(&mut m, "reason", json!(reason));
                path_details(&mut m, path);
            }
            Error::NewerSchema {
                path,
                found,
                supported,
            } => {
                put(&mut m, "found", json!(found));
                put(&mut m, "supported", json!(supported));
                path_details(&mut m, path);
            }
            Error::AlreadyExists(path) | Error::NotFound(path) => path_details(&mut m, path),
            Error::UnknownId { kind, id } => {
                put(&mut m, "kind", json!(kind));
                put(&mut m, "id", json!(id));
            }
            Error::UnknownName { kind, name } => {
                put(&mut m, "kind", json!(kind));
                put(&mut m, "name", json!(name));
            }
            Error::AmbiguousName { kind, name, count } => {
                put(&mut m, "kind", json!(kind));
                put(&mut m, "name", json!(name));
                put(&mut m, "count", json!(count));
            }
            Error::NameRequired { what } => put(&mut m, "what", json!(what)),
            Error::NameTaken { kind, name, within } => {
                put(&mut m, "kind", json!(kind));
                put(&mut m, "name", json!(name));
                put(&mut m, "within", json!(within));
            }
            Error::NameHasSlash { name }
            | Error::SelfMerge { name }
            | Error::NoParent { name }
            | Error::AtTopLevel { name }
            | Error::NoPreviousSibling { name } => put(&mut m, "name", json!(name)),
            Error::CodingNotOfCode {
                coding,
                code,
                below,
            } => {
                put(&mut m, "coding", json!(coding));
                put(&mut m, "code", json!(code));
                put(&mut m, "below", json!(below));
            }
            Error::NotPinned { coding, code } => {
                put(&mut m, "coding", json!(coding));
                put(&mut m, "code", json!(code));
            }
            Error::SeveralValuesInUse {
                dimension,
                codings,
                codes,
            } => {
                put(&mut m, "dimension", json!(dimension));
                put(&mut m, "codings", json!(codings));
                put(&mut m, "codes", json!(codes));
            }
            Error::WouldCreateCycle { kind, name, target } => {
                put(&mut m, "kind", json!(kind));
                put(&mut m, "name", json!(name));
                put(&mut m, "target", json!(target));
            }
            Error::OutOfRange { what, value, limit } => {
                put(&mut m, "what", json!(what));
                put(&mut m, "value", json!(value));
                put(&mut m, "limit", json!(limit));
            }
            Error::EmptySpan { start, end } => {
                put(&mut m, "start", json!(start));
                put(&mut m, "end", json!(end));
            }
            Error::InsideCharacter { what, value } => {
                put(&mut m, "what", json!(what));
                put(&mut m, "value", json!(value));
            }
            Error::NotNormalized { document } => put(&mut m, "document", json!(document)),
            Error::BadTurn {
                document,
                turn,
                start,
                end,
                length,
            } => {
                put(&mut m, "document", json!(document));
                put(&mut m, "turn", json!(turn));
                put(&mut m, "start", json!(start));
                put(&mut m, "end", json!(end));
                put(&mut m, "length", json!(length));
            }
            Error::WrongDimension {
                dimension,
                value_dimension,
            } => {
                put(&mut m, "dimension", json!(dimension));
                put(&mut m, "value_dimension", json!(value_dimension));
            }
            Error::SingleValued { dimension } => put(&mut m, "dimension", json!(dimension)),
            Error::NotInQuoteSet { set } => put(&mut m, "set", json!(set)),
            Error::CodingInQuoteSet { sets } => put(&mut m, "sets", json!(sets)),
            Error::BadExcerpt { reason } => put(&mut m, "reason", json!(reason)),
            Error::EmptyMemo | Error::NoProject => {}
            Error::BadAttributeValue {
                attribute,
                value,
                expected,
            } => {
                put(&mut m, "attribute", json!(attribute));
                put(&mut m, "value", json!(value));
                put(&mut m, "expected", json!(expected));
            }
            Error::BadValue {
                what,
                value,
                expected,
            } => {
                put(&mut m, "what", json!(what));
                put(&mut m, "value", json!(value));
                put(&mut m, "expected", json!(expected));
            }
            Error::BadColor { value } => put(&mut m, "value", json!(value)),
            Error::BadPattern { pattern, reason } => {
                put(&mut m, "pattern", json!(pattern));
                put(&mut m, "reason", json!(reason));
            }
            Error::QuerySyntax { reason }
            | Error::BadTemplate { reason }
            | Error::Internal { reason }
            | Error::Index(reason) => put(&mut m, "reason", json!(reason)),
            Error::BadAttribution { template, reason } => {
                put(&mut m, "template", json!(template));
                put(&mut m, "reason", json!(reason));
            }
            Error::SurveyNeedsMapping { path } => path_details(&mut m, path),
            Error::Corrupt { what, reason } => {
                put(&mut m, "what", json!(what));
                put(&mut m, "reason", json!(reason));
            }
            Error::CodeInUse {
                name,
                codings,
                memos,
                quoted,
            } => {
                put(&mut m, "name", json!(name));
                put(&mut m, "codings", json!(codings));
                put(&mut m, "memos", json!(memos));
                put(&mut m, "quoted", json!(quoted));
            }
            Error::NothingTo(action) => put(&mut m, "action", json!(action)),
            Error::UndoConflict { action, reason } => {
                put(&mut m, "action", json!(action));
                put(&mut m, "reason", json!(reason));
            }
            Error::UndoBarrier { summary, coder } => {
                put(&mut m, "summary", json!(summary));
                put(&mut m, "coder", json!(coder));
            }
            Error::Io { path, source } => {
                put(&mut m, "reason", json!(source.to_string()));
                path_details(&mut m, path);
            }
            Error::Import { path, problem } => {
                m.extend(problem.details());
                path_details(&mut m, path);
            }
            Error::AlreadyImported {
                path,
                as_name,
                imported_at,
            } => {
                put(&mut m, "as_name", json!(as_name));
                put(&mut m, "imported_at", json!(imported_at));
                path_details(&mut m, path);
            }
            Error::Sqlite(e) => put(&mut m, "reason", json!(e.to_string())),
            Error::Json(e) => put(&mut m, "reason", json!(e.to_string())),
            Error::BadId { kind, value } => {
                put(&mut m, "kind", json!(kind));
                put(&mut m, "value", json!(value));
            }
            Error::NotAWordDocument { path, reason } => {
                put(&mut m, "reason", json!(reason));
                path_details(&mut m, path);
            }
        }
        m
    }

    pub(crate) fn unknown(kind: &'static str, id: impl ToString) -> Self {
        Error::UnknownId {
            kind,
            id: id.to_string(),
        }
    }

    /// Stored data that cannot be read.
    pub(crate) fn corrupt(what: impl Into<String>, reason: impl ToString) -> Self {
        Error::Corrupt {
            what: what.into(),
            reason: reason.to_string(),
        }
    }

    /// A bug: something that should not happen did.
    pub(crate) fn internal(reason: impl Into<String>) -> Self {
        Error::Internal {
            reason: reason.into(),
        }
    }
}

/// The result type of the core library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
