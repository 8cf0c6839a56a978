//! The project file: one SQLite database per project.
//!
//! Layout of this module: `mod.rs` opens, creates and migrates the file and
//! runs every write as one transaction that also records history and undo
//! information ([`Project::write`]); `undo.rs` captures row changes and
//! replays them; each table (or small family of tables) has its own module
//! holding its SQL and the operations on it.

mod attributes;
mod cases;
mod coders;
mod codes;
mod codings;
pub(crate) mod documents;
mod durable;
mod examples;
mod history;
mod memos;
mod quote_sets;
mod settings;
mod tags;
mod undo;

pub use attributes::AttributeValue;
pub use cases::NewCase;
pub use codes::{CodeUpdate, DeleteCodings, NewCode};
pub use codings::CodeSpan;
pub(crate) use codings::codes_and_own_tags;
pub use documents::{ImportResult, NewDocument, NewSource, NewTurn, SurveyAnswer};
pub use quote_sets::check_parts;
pub use settings::{DEFAULT_K, ProjectSettings};
pub use tags::{NewDimension, NewTagValue, effective_tags};
pub use undo::UndoOutcome;

pub(crate) use codes::insert as codes_insert;
pub(crate) use tags::insert_dimension;

use crate::clock::{Clock, format_time};
use crate::error::{Error, Result};
use crate::ids::*;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uuid::Uuid;

/// `PRAGMA application_id` of every Tematik project file ("TMTK").
pub const APPLICATION_ID: i32 = 0x544D_544B;

/// A schema migration: its SQL, then what SQL cannot compute in reasonable
/// time, in the same transaction.
struct Migration {
    sql: &'static str,
    then: Option<fn(&Connection) -> Result<()>>,
}

/// Schema migrations, in order. Migration `n` (1-based) brings a file from
/// schema version `n - 1` to `n`. Never edit a migration that has shipped;
/// add a new one.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("migrations/0001_initial.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("migrations/0002_document_list.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("migrations/0003_span_indexes.sql"),
        // The byte offsets of the turns already in the file.
        then: Some(documents::fill_turn_bytes),
    },
    Migration {
        sql: include_str!("migrations/0004_identity.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("migrations/0005_review.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("migrations/0006_chapters.sql"),
        then: None,
    },
];

/// The newest schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How many undoable operations are kept on the undo stack. Older entries stay
/// in the history but can no longer be undone.
pub const UNDO_DEPTH: i64 = 500;

/// An open project.
///
/// All reads and writes of a project go through this type. Writes are each one
/// SQLite transaction that also appends to the change history and, for
/// undoable operations, to the undo stack.
pub struct Project {
    /// Syncs the write-ahead log after commits, for projects on disk in WAL
    /// mode. Declared first so that it is dropped first: the last commits
    /// are synced while the connection is still open.
    durability: Option<durable::Durability>,
    conn: Connection,
    path: Option<PathBuf>,
    clock: Arc<dyn Clock>,
    /// Rows changed by committed writes, undos and redos, not yet taken by
    /// derived data ([`Project::take_changes`]).
    changes: Changes,
    /// Whether this connection's undo capture triggers exist. They are
    /// created by the first write, undo or redo, not on open: parsing them
    /// was most of the time it took to open a project (6 of 8 ms), and a
    /// project opened to be read never needs them.
    capturing: bool,
    /// The computer this project was opened on ([`Project::set_origin`]):
    /// every undo entry records it, and undo and redo act only on entries
    /// made here.
    origin: Uuid,
}

/// Rows changed by writes, for derived data.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// (table, key of the row's owner) of every row changed.
    pub rows: Vec<(Table, String)>,
    /// The codings among `rows` that came, went, or changed their place
    /// ([`CODING_PLACE`]: document, span, text or coder). A coding in `rows`
    /// but not here changed only in what does not place it, its code (a
    /// move, merge or split): the search index, which holds places and
    /// looks codes up when it counts, has nothing to write for it.
    pub placed_codings: HashSet<String>,
    /// How many committed changes (each advanced the revision by one) these
    /// rows come from.
    pub writes: i64,
    /// [`Changes::coding_ids`] and [`Changes::codings_now`], once worked
    /// out; emptied whenever rows are added.
    ids: std::cell::OnceCell<Vec<CodingId>>,
    now: std::cell::OnceCell<CodingsNow>,
}

/// Each coding's code and own tag values, as the project has them.
pub(crate) type CodingsNow = HashMap<CodingId, (CodeId, Vec<TagValueId>)>;

impl PartialEq for Changes {
    fn eq(&self, other: &Changes) -> bool {
        (&self.rows, &self.placed_codings, self.writes)
            == (&other.rows, &other.placed_codings, other.writes)
    }
}

impl Eq for Changes {}

impl Changes {
    /// The codings among the rows (a coding's own row or one of its tags),
    /// sorted, each once.
    pub fn coding_ids(&self) -> &[CodingId] {
        self.ids.get_or_init(|| {
            let mut ids: Vec<CodingId> = self
                .rows
                .iter()
                .filter(|(t, _)| matches!(t, Table::Codings | Table::CodingTags))
                .filter_map(|(_, key)| key.parse().ok())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
    }

    /// The code and own tags of each coding in [`Changes::coding_ids`] as
    /// the project (`conn`) has them now; a coding gone is not there. Read
    /// once, for every kind of derived data that keeps them (the analysis
    /// facts and the search's coding table each read the same 8,000 rows
    /// after a merge at 5M words, 40–80 ms apiece).
    pub(crate) fn codings_now(&self, conn: &Connection) -> Result<&CodingsNow> {
        if let Some(now) = self.now.get() {
            return Ok(now);
        }
        let mut now = CodingsNow::new();
        codings::codes_and_own_tags(conn, Some(self.coding_ids()), |id, code, tags| {
            now.insert(id, (code, tags));
        })?;
        Ok(self.now.get_or_init(|| now))
    }

    /// Adds the rows one write touched.
    fn add(&mut self, touched: undo::Touched) {
        self.rows.extend(touched.rows);
        self.placed_codings.extend(touched.placed);
        self.writes += 1;
        self.ids = std::cell::OnceCell::new();
        self.now = std::cell::OnceCell::new();
    }
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project").field("path", &self.path).finish()
    }
}

/// Basic facts about a project.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProjectInfo {
    /// Identity of the project (stable across renames and copies of the file).
    pub id: ProjectId,
    /// The project's name.
    pub name: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Schema version of the file.
    pub schema_version: i64,
    /// Increases with every change; derived data (the search index) records
    /// the revision it reflects.
    pub revision: i64,
    /// Counts of what the project holds.
    pub counts: ProjectCounts,
}

/// How much a project holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProjectCounts {
    /// Documents.
    pub documents: u64,
    /// Words in all documents.
    pub words: u64,
    /// Cases.
    pub cases: u64,
    /// Codes, themes and subthemes.
    pub codes: u64,
    /// Codings.
    pub codings: u64,
    /// Memos.
    pub memos: u64,
    /// Coders.
    pub coders: u64,
}

/// What a write operation reports back to [`Project::write`] for the history.
pub(crate) struct Change<T> {
    pub value: T,
    pub summary: String,
    pub details: serde_json::Value,
}

impl<T> Change<T> {
    pub fn new(value: T, summary: impl Into<String>, details: serde_json::Value) -> Self {
        Self {
            value,
            summary: summary.into(),
            details,
        }
    }
}

/// How a write relates to the undo stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UndoMode {
    /// Pushed on the undo stack.
    Undoable,
    /// Touches only rows no earlier operation's undo depends on (a new
    /// coder, a coder's new name): not undoable itself, and the stack stays
    /// as it is.
    Additive,
    /// Not undoable, and earlier operations can no longer be undone.
    #[allow(dead_code)]
    Barrier,
}

/// The context an operation runs in: the open transaction, who acts, and when.
pub(crate) struct Tx<'a> {
    pub conn: &'a Connection,
    pub by: CoderId,
    pub now: String,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

/// The domain tables: every row of them is captured for undo and reported
/// to derived data (the search index) when it changes. A table added to the
/// schema must be either here or in [`UNTRACKED_TABLES`] (a test enumerates
/// the schema and fails otherwise), and the search index's sync matches on
/// this enum exhaustively, so it must say what a change to it means there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// `coders`.
    Coders,
    /// `sources`.
    Sources,
    /// `cases`.
    Cases,
    /// `documents`.
    Documents,
    /// `turns`.
    Turns,
    /// `attributes`.
    Attributes,
    /// `case_attributes`.
    CaseAttributes,
    /// `document_attributes`.
    DocumentAttributes,
    /// `codes`.
    Codes,
    /// `tag_dimensions`.
    TagDimensions,
    /// `tag_values`.
    TagValues,
    /// `code_tags`.
    CodeTags,
    /// `codings`.
    Codings,
    /// `coding_tags`.
    CodingTags,
    /// `memos`.
    Memos,
    /// `quote_sets`.
    QuoteSets,
    /// `quote_set_items`.
    QuoteSetItems,
    /// `code_examples`.
    CodeExamples,
    /// `project_settings`.
    ProjectSettings,
}

impl Table {
    /// Every domain table, in an order in which rows may be inserted (a
    /// table after the tables it refers to).
    pub const ALL: &[Table] = &[
        Table::Coders,
        Table::Sources,
        Table::Cases,
        Table::Documents,
        Table::Turns,
        Table::Attributes,
        Table::CaseAttributes,
        Table::DocumentAttributes,
        Table::Codes,
        Table::TagDimensions,
        Table::TagValues,
        Table::CodeTags,
        Table::Codings,
        Table::CodingTags,
        Table::Memos,
        Table::QuoteSets,
        Table::QuoteSetItems,
        Table::CodeExamples,
        Table::ProjectSettings,
    ];

    /// The table's name in the schema.
    pub const fn name(self) -> &'static str {
        match self {
            Table::Coders => "coders",
            Table::Sources => "sources",
            Table::Cases => "cases",
            Table::Documents => "documents",
            Table::Turns => "turns",
            Table::Attributes => "attributes",
            Table::CaseAttributes => "case_attributes",
            Table::DocumentAttributes => "document_attributes",
            Table::Codes => "codes",
            Table::TagDimensions => "tag_dimensions",
            Table::TagValues => "tag_values",
            Table::CodeTags => "code_tags",
            Table::Codings => "codings",
            Table::CodingTags => "coding_tags",
            Table::Memos => "memos",
            Table::QuoteSets => "quote_sets",
            Table::QuoteSetItems => "quote_set_items",
            Table::CodeExamples => "code_examples",
            Table::ProjectSettings => "project_settings",
        }
    }

    /// The table of this name, if it is a domain table.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.iter().copied().find(|t| t.name() == name)
    }
}

/// The columns of `codings` that place a coding: its document, span, text
/// and coder, what the search index holds of it ([`Changes::placed_codings`]).
pub(crate) const CODING_PLACE: &[&str] = &["document_id", "start", "end", "text", "coder_id"];

/// The tables of a project file that are not domain tables, each with the
/// reason it is neither captured for undo nor synced to the search index.
pub const UNTRACKED_TABLES: &[(&str, &str)] = &[
    (
        "meta",
        "the project's identity, name and revision counter: written by every change itself, undone by none",
    ),
    (
        "history",
        "the append-only change history: an undo is recorded in it, never removed from it",
    ),
    (
        "undo_stack",
        "the undo information itself; capturing it would make undo undo itself",
    ),
    (
        "sqlite_sequence",
        "SQLite's AUTOINCREMENT counter of the history",
    ),
];

impl Project {
    /// Creates a new, empty project file at `path` (which must not exist) and
    /// opens it. Use [`crate::template`] to start from a template.
    pub fn create(path: impl AsRef<Path>, name: &str, clock: Arc<dyn Clock>) -> Result<Project> {
        let path = path.as_ref();
        if path.exists() {
            return Err(Error::AlreadyExists(path.to_owned()));
        }
        let result = (|| {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            Self::initialise(conn, Some(path.to_owned()), name, clock)
        })();
        if result.is_err() {
            // Nothing half-made is left behind.
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
        result
    }

    /// A new project held in memory only; for tests and benchmarks.
    pub fn create_in_memory(name: &str, clock: Arc<dyn Clock>) -> Result<Project> {
        Self::initialise(Connection::open_in_memory()?, None, name, clock)
    }

    fn initialise(
        mut conn: Connection,
        path: Option<PathBuf>,
        name: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Project> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::NameRequired { what: "project" });
        }
        let durability = configure(&mut conn, path.as_deref())?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrate(&tx, 0)?;
        let now = format_time(clock.now());
        let id = ProjectId::new();
        for (key, value) in [
            ("project_id", id.to_string()),
            ("name", name.to_owned()),
            ("created_at", now),
            ("revision", "0".to_owned()),
        ] {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2)",
                params![key, value],
            )?;
        }
        tx.commit()?;
        Ok(Project {
            durability,
            conn,
            path,
            clock,
            changes: Changes::default(),
            capturing: false,
            origin: Uuid::nil(),
        })
    }

    /// Opens an existing project, migrating it to the current schema if it
    /// was written by an older version.
    ///
    /// A file that is not a Tematik project, or that was written by a newer
    /// version, is refused with a clear error and left exactly as it was.
    pub fn open(path: impl AsRef<Path>, clock: Arc<dyn Clock>) -> Result<Project> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::NotFound(path.to_owned()));
        }
        if path.is_dir() {
            return Err(Error::NotAProject {
                path: path.to_owned(),
                reason: "it is a folder".into(),
            });
        }
        let not_a_project = |reason: &str| Error::NotAProject {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        // Opening without CREATE and reading the header changes nothing on disk.
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let app_id: i32 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
            Ok(v) => v,
            Err(e) if is_not_a_database(&e) => {
                return Err(not_a_project("it is not an SQLite database"));
            }
            Err(e) => return Err(e.into()),
        };
        if app_id != APPLICATION_ID {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            return Err(not_a_project(if tables == 0 && app_id == 0 {
                "the file is empty"
            } else {
                "it is an SQLite database of another program"
            }));
        }
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: path.to_owned(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let durability = configure(&mut conn, Some(path))?;
        if version < SCHEMA_VERSION {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
            migrate(&tx, version)?;
            tx.commit()?;
        }
        Ok(Project {
            durability,
            conn,
            path: Some(path.to_owned()),
            clock,
            changes: Changes::default(),
            capturing: false,
            origin: Uuid::nil(),
        })
    }

    /// The file this project is stored in (`None` for in-memory projects).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The clock this project stamps changes with.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The underlying database, for derived data inside the crate (the
    /// search index) that reads with its own SQL. Not public: every change
    /// goes through [`Project::write`].
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    /// A handle on the database that runs only statements that read, for
    /// tests, benchmarks and tools that check the file with their own SQL.
    pub fn read_only_connection(&self) -> ReadOnlyConnection<'_> {
        ReadOnlyConnection(&self.conn)
    }

    /// Sets the computer this project is used on (the id of
    /// [`crate::identity::LocalIdentity::computer`]). Undo entries record
    /// it, and [`Project::undo`] and [`Project::redo`] refuse an entry made
    /// on another computer, so on a copy received from a colleague Ctrl+Z
    /// never undoes the colleague's change. Until it is set the origin is
    /// the nil UUID (tests, the demo).
    pub fn set_origin(&mut self, computer: Uuid) {
        self.origin = computer;
    }

    /// The computer this project is used on (see [`Project::set_origin`]).
    pub fn origin(&self) -> Uuid {
        self.origin
    }

    /// The project's identity.
    pub fn id(&self) -> Result<ProjectId> {
        let text = self.meta("project_id")?;
        text.parse()
            .map_err(|_| Error::corrupt("project id", format!("\"{text}\" is not a UUID")))
    }

    /// The revision counter: it increases with every change.
    pub fn revision(&self) -> Result<i64> {
        Ok(self.meta("revision")?.parse().unwrap_or(0))
    }

    fn meta(&self, key: &str) -> Result<String> {
        self.conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::corrupt(format!("meta row {key}"), "the project file lacks it"))
    }

    /// Name, identity, revision and counts.
    pub fn info(&self) -> Result<ProjectInfo> {
        let created_at: String = self.meta("created_at")?;
        let counts = self.conn.query_row(
            "SELECT (SELECT count(*) FROM documents), (SELECT coalesce(sum(word_count), 0) FROM documents),
                    (SELECT count(*) FROM cases), (SELECT count(*) FROM codes),
                    (SELECT count(*) FROM codings), (SELECT count(*) FROM memos),
                    (SELECT count(*) FROM coders)",
            [],
            |r| {
                Ok(ProjectCounts {
                    documents: r.get::<_, i64>(0)? as u64,
                    words: r.get::<_, i64>(1)? as u64,
                    cases: r.get::<_, i64>(2)? as u64,
                    codes: r.get::<_, i64>(3)? as u64,
                    codings: r.get::<_, i64>(4)? as u64,
                    memos: r.get::<_, i64>(5)? as u64,
                    coders: r.get::<_, i64>(6)? as u64,
                })
            },
        )?;
        Ok(ProjectInfo {
            id: self.id()?,
            name: self.meta("name")?,
            created_at: parse_time(&created_at)?,
            schema_version: self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))?,
            revision: self.revision()?,
            counts,
        })
    }

    /// Runs `op` as one transaction: the change is captured for undo (as
    /// `mode` says), appended to the history under `kind`, and the revision
    /// advances. If `op` fails, nothing of it remains.
    pub(crate) fn write<T>(
        &mut self,
        by: CoderId,
        kind: &str,
        mode: UndoMode,
        op: impl FnOnce(&Tx) -> Result<Change<T>>,
    ) -> Result<T> {
        self.ensure_capture()?;
        let now = format_time(self.clock.now());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached("UPDATE temp._capture SET on_ = 1")?
            .execute([])?;
        let change = op(&Tx {
            conn: &tx,
            by,
            now: now.clone(),
        })?;
        tx.prepare_cached("UPDATE temp._capture SET on_ = 0")?
            .execute([])?;
        let log = undo::take_log(&tx)?;
        let touched = undo::take_touched(&tx)?;
        if log.is_empty() {
            // Nothing changed (coding a span that was already coded, say):
            // no history entry, no revision.
            tx.commit()?;
            return Ok(change.value);
        }
        let seq = history::append(&tx, &now, by, kind, &change.summary, &change.details, None)?;
        match mode {
            UndoMode::Undoable => undo::push(&tx, seq, &log, self.origin)?,
            UndoMode::Additive => {}
            UndoMode::Barrier => {
                // The state the undo stack describes is gone; clear it rather
                // than let an undo act on rows this change may depend on.
                tx.execute("DELETE FROM undo_stack", [])?;
            }
        }
        bump_revision(&tx)?;
        tx.commit()?;
        self.changes.add(touched);
        Ok(change.value)
    }

    /// Returns once every change committed so far is on disk (synced), or
    /// with the error that kept it from getting there.
    ///
    /// A write returns as soon as SQLite has committed it; the sync of the
    /// write-ahead log runs on a helper thread meanwhile (see
    /// `storage/durable.rs`), so the caller can bring derived data up to
    /// date first. Call this before reporting a change done; dropping the
    /// project waits for it too. Projects in memory return at once.
    pub fn wait_durable(&self) -> Result<()> {
        match &self.durability {
            Some(d) => d.wait(),
            None => Ok(()),
        }
    }

    /// The rows changed since [`Project::take_changes`] last took them,
    /// left in place.
    pub fn pending_changes(&self) -> &Changes {
        &self.changes
    }

    /// The rows changed since the last call, as (table, key of the row's
    /// owner): what derived data such as the search index must refresh.
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
    }

    /// Creates the temporary triggers that capture row changes for undo,
    /// unless this connection has them already.
    pub(super) fn ensure_capture(&mut self) -> Result<()> {
        if !self.capturing {
            undo::install(&self.conn, Table::ALL)?;
            self.capturing = true;
        }
        Ok(())
    }
}

/// A read-only view of a project's database: statements that would write
/// are refused before they run (SQLite's own `sqlite3_stmt_readonly`).
pub struct ReadOnlyConnection<'a>(&'a Connection);

impl std::fmt::Debug for ReadOnlyConnection<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadOnlyConnection")
    }
}

impl<'a> ReadOnlyConnection<'a> {
    /// Prepares a statement that only reads.
    pub fn prepare(&self, sql: &str) -> rusqlite::Result<rusqlite::Statement<'a>> {
        let stmt = self.0.prepare(sql)?;
        if stmt.readonly() {
            Ok(stmt)
        } else {
            Err(refused(sql))
        }
    }

    /// Prepares a statement that only reads, through the connection's
    /// statement cache.
    pub fn prepare_cached(&self, sql: &str) -> rusqlite::Result<rusqlite::CachedStatement<'a>> {
        let stmt = self.0.prepare_cached(sql)?;
        if stmt.readonly() {
            Ok(stmt)
        } else {
            Err(refused(sql))
        }
    }

    /// Runs a query expected to return one row (see
    /// [`rusqlite::Connection::query_row`]); only statements that read.
    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare(sql)?.query_row(params, f)
    }

    /// The value of a pragma that only reads (`application_id`,
    /// `journal_mode` …). SQLite counts some of them as statements that
    /// may write (asking `journal_mode` could change it), so the pragmas
    /// this runs are a fixed list of ones that, asked without a value, read.
    pub fn pragma_query_value<T, F>(&self, pragma: &str, f: F) -> rusqlite::Result<T>
    where
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        const READING: &[&str] = &[
            "application_id",
            "user_version",
            "schema_version",
            "foreign_keys",
            "journal_mode",
            "synchronous",
            "page_size",
            "page_count",
            "freelist_count",
            "integrity_check",
            "quick_check",
        ];
        let sql = format!("PRAGMA {pragma}");
        if READING.contains(&pragma) {
            self.0.query_row(&sql, [], f)
        } else {
            Err(refused(&sql))
        }
    }
}

/// The error of a statement a [`ReadOnlyConnection`] does not run.
fn refused(sql: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
        Some(format!("a read-only connection does not run {sql}")),
    )
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase
    )
}

/// Connection settings: foreign keys enforced, WAL journal, every commit
/// synced to disk before it is reported done (by SQLite inside the commit,
/// or, in WAL mode, by the helper of [`durable::Durability`], which is
/// returned), and plans that stay as prepared.
fn configure(conn: &mut Connection, path: Option<&Path>) -> Result<Option<durable::Durability>> {
    conn.pragma_update(None, "foreign_keys", true)?;
    // The bundled SQLite is built with STAT4, which re-prepares a cached
    // statement whenever a value bound where the planner could have used
    // it changes (every `start < ?` of a span query): a third of the
    // index rebuild's reading was parsing the same statements again. No
    // project is ANALYZEd, so the plan never depended on those values;
    // the query planner stability guarantee keeps the prepared plan.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    // rusqlite keeps 16 prepared statements by default; one coding and its
    // index sync use more than that, so each evicted the next one's and
    // every call parsed its SQL again (9 % of a coding's CPU at 5M words).
    conn.set_prepared_statement_cache_capacity(256);
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // SQLite's default page cache is 2 MB; a merge of the largest code at
    // 5M words changes 7,700 pages (30 MB). With the default, the pages
    // were read from the operating system again and again and the changed
    // ones spilled to the log before the commit (a third of the merge's
    // time in pread/pwrite): 64 MB took the merge's statements from
    // 470–690 to 380–490 ms and replaying its undo from 490–510 to
    // 335–390 ms. Pages are allocated as used: a small project uses little.
    conn.pragma_update(None, "cache_size", -64 * 1024)?;
    let Some(path) = path else {
        return Ok(None);
    };
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    if mode.eq_ignore_ascii_case("wal") {
        durable::Durability::install(conn, path).map(Some)
    } else {
        // A file system without WAL support (some network shares): SQLite
        // syncs every commit itself.
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(None)
    }
}

/// Applies migrations `from + 1 ..= SCHEMA_VERSION` inside the caller's transaction.
fn migrate(conn: &Connection, from: i64) -> Result<()> {
    for (i, m) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        conn.execute_batch(m.sql)?;
        if let Some(then) = m.then {
            then(conn)?;
        }
        conn.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    Ok(())
}

fn bump_revision(conn: &Connection) -> Result<()> {
    conn.prepare_cached(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'",
    )?
    .execute([])?;
    Ok(())
}

/// Parses a stored time.
pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::corrupt("time", format!("\"{s}\" is not RFC 3339: {e}")))
}

/// Reads a stored time column inside a row mapper.
pub(crate) fn time_col(row: &rusqlite::Row, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(idx)?;
    parse_time(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads a stored time column that may be NULL inside a row mapper.
pub(crate) fn opt_time_col(
    row: &rusqlite::Row,
    idx: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match row.get::<_, Option<String>>(idx)? {
        None => Ok(None),
        Some(_) => time_col(row, idx).map(Some),
    }
}

/// Checks a `#rrggbb` colour.
pub(crate) fn check_color(color: &str) -> Result<String> {
    let c = color.trim();
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if ok {
        Ok(c.to_ascii_lowercase())
    } else {
        Err(Error::BadColor {
            value: color.to_owned(),
        })
    }
}

/// A pleasant, distinguishable colour for the `n`th new thing (codes, coders).
pub(crate) fn palette_color(n: usize) -> String {
    const PALETTE: &[&str] = &[
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
        "#9c755f", "#bab0ac", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#bcbd22",
    ];
    PALETTE[n % PALETTE.len()].to_owned()
}
