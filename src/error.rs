//! The one error type of the core library.

use std::path::PathBuf;

/// Everything that can go wrong in the core library.
///
/// Every variant says what was wrong in words a researcher can act on; the
/// desktop shell maps each to a stable `code` (see [`Error::code`]) so the UI
/// never branches on message text.
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
    /// The request was well-formed but not acceptable (an empty name, a
    /// position outside the document, moving a code below itself …).
    #[error("{0}")]
    Invalid(String),
    /// Deleting a code would lose work; the caller must choose what happens to it.
    #[error(
        "code \"{name}\" has {codings} coding(s) and {memos} memo(s); choose to move the codings to the parent code or to delete them"
    )]
    CodeInUse {
        /// The code's name.
        name: String,
        /// Codings made with the code.
        codings: u64,
        /// Memos written on the code.
        memos: u64,
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
    #[error("{path}: {message}")]
    Import {
        /// The file being imported.
        path: PathBuf,
        /// What is wrong, with line or cell where it applies.
        message: String,
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
}

impl Error {
    /// A stable machine-readable code for the error, for the desktop shell's
    /// `{code, message}` errors and for `tematik --json`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotAProject { .. } => "not_a_project",
            Error::NewerSchema { .. } => "newer_schema",
            Error::AlreadyExists(_) => "already_exists",
            Error::NotFound(_) => "not_found",
            Error::UnknownId { .. } | Error::UnknownName { .. } => "unknown",
            Error::AmbiguousName { .. } => "ambiguous",
            Error::Invalid(_) => "invalid",
            Error::CodeInUse { .. } => "code_in_use",
            Error::NothingTo(_) => "nothing_to_undo",
            Error::UndoConflict { .. } => "undo_conflict",
            Error::Io { .. } => "io",
            Error::Import { .. } => "import",
            Error::AlreadyImported { .. } => "already_imported",
            Error::Index(_) => "index",
            Error::Sqlite(_) => "database",
            Error::Json(_) => "database",
        }
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    pub(crate) fn unknown(kind: &'static str, id: impl ToString) -> Self {
        Error::UnknownId {
            kind,
            id: id.to_string(),
        }
    }
}

/// The result type of the core library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
