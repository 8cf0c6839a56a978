//! Search and quote retrieval over a tantivy index derived from the project.
//!
//! The index is derived data: it lives outside the project file (in the
//! user's cache directory, one folder per project id), records in its commit
//! payload which project revision it reflects, and is rebuilt whenever it is
//! missing, stale, of another format or unreadable. SQLite always wins.
//! Being derived, it is not synced to disk change by change: a session's
//! files are persisted when the index is closed, and an index that was not
//! closed cleanly is rebuilt (`directory.rs`).
//!
//! After every change, [`SearchIndex::sync`] re-indexes what the change
//! touched (whole documents when their text, turns or attributes changed;
//! otherwise only the codings that came, went or changed their span, and
//! the passages they overlap), so a change is searchable as soon as it
//! returns. An entry names its codings, not their codes or tags: those are
//! looked up when searching (`codings.rs`), so moving, merging or splitting
//! codes and retagging codings re-index nothing.

mod codings;
mod directory;
mod entries;
mod facet_key;
mod facets;
mod fields;
mod query;
mod quotes;
mod spare;
#[cfg(test)]
mod tests;

pub use entries::EntryKind;
pub use facet_key::FacetKey;

use crate::error::{Error, Result};
use crate::ids::{CodeId, CodingId, DocumentId, ProjectId};
use crate::model::{Coding, DocumentKind, ReviewStatus};
use crate::storage::{Project, Table};
use codings::CodingTable;
use entries::Catalog;
use fields::{Fields, Id};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Count, TopDocs};
use tantivy::indexer::{AddOperation, SegmentWriter};
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Facet, IndexRecordOption, OwnedValue, Schema, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Where the index is kept.
#[derive(Clone, Debug)]
pub enum IndexLocation {
    /// In memory (tests, benchmarks, projects held in memory).
    InMemory,
    /// In this folder.
    Dir(PathBuf),
    /// In the user's cache directory, keyed by project id.
    UserCache,
}

/// A coding as the index has it: its document, span (code points) and code.
pub type IndexedCoding = (DocumentId, usize, usize, Option<CodeId>);

/// Progress of a rebuild: documents done of total.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Filters, as the facet sidebar sets them. Values within one group are
/// alternatives (OR); groups must all hold (AND). Tags group by dimension and
/// attributes by name.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Filters {
    /// Codes or themes (each includes everything below it).
    pub codes: Vec<CodeId>,
    /// Tag values as (dimension key, value key): ("niva", "mikro").
    pub tags: Vec<(String, String)>,
    /// Documents.
    pub documents: Vec<DocumentId>,
    /// Survey questions (their answers).
    pub questions: Vec<String>,
    /// Document kinds.
    pub kinds: Vec<DocumentKind>,
    /// Case or document attributes as (name, value): ("Kommunstorlek", "Liten").
    pub attributes: Vec<(String, String)>,
    /// Speaker labels.
    pub speakers: Vec<String>,
    /// Coder names.
    pub coders: Vec<String>,
    /// Review status of the code.
    pub statuses: Vec<ReviewStatus>,
}

impl Filters {
    /// Adds a facet value as a filter: a code (with everything below it), a
    /// tag, a document …, as the sidebar's counts name them.
    pub fn add(&mut self, key: FacetKey) {
        match key {
            FacetKey::Doc { id } => self.documents.push(id),
            FacetKey::Kind { value } => self.kinds.push(value),
            FacetKey::Question { value } => self.questions.push(value),
            FacetKey::Speaker { value } => self.speakers.push(value),
            FacetKey::Attr { name, value } => self.attributes.push((name, value)),
            FacetKey::Code { path } => self.codes.extend(path.last()),
            FacetKey::Tag { dimension, value } => self.tags.push((dimension, value)),
            FacetKey::Coder { value } => self.coders.push(value),
            FacetKey::Status { value } => self.statuses.push(value),
        }
    }
}

/// What to search.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SearchRequest {
    /// The search box's text (see the query language in `query.rs`); empty
    /// matches everything the filters allow.
    pub query: String,
    /// Facet filters.
    pub filters: Filters,
    /// Only passages, only codings, or both (`None`).
    pub entries: Option<EntryKind>,
    /// Skip this many ranked hits.
    pub offset: usize,
    /// Return at most this many hits.
    pub limit: usize,
    /// Also count hits per facet value, for the sidebar.
    pub with_facets: bool,
}

/// A marked-up piece of text around the matches.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Snippet {
    /// The text.
    pub text: String,
    /// Document position (code points) where `text` starts.
    pub start: usize,
    /// Matches as [start, end) code point ranges within `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SearchHit {
    /// Passage or coding.
    pub entry: EntryKind,
    /// The document.
    pub document_id: DocumentId,
    /// The document's name.
    pub document_name: String,
    /// The coding, for coding entries.
    pub coding_id: Option<CodingId>,
    /// The code, for coding entries.
    pub code_id: Option<CodeId>,
    /// The entry's span in the document (code points).
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
    /// Where to jump: the first match, or the span's start.
    pub jump_to: usize,
    /// The text around the matches.
    pub snippet: Snippet,
    /// Relevance.
    pub score: f32,
}

/// A facet value and how many hits have it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FacetCount {
    /// The facet path as tantivy writes it, e.g. "/tag/niva/mikro",
    /// "/attr/Kommunstorlek/Liten" (a `/` inside a step escaped as `\/`).
    pub facet: String,
    /// What the value stands for: read this rather than splitting `facet`.
    pub key: FacetKey,
    /// Hits with it.
    pub count: u64,
}

/// Search results.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SearchResults {
    /// Exact number of hits.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<SearchHit>,
    /// Counts per facet value (when asked for).
    pub facets: Vec<FacetCount>,
}

/// How quotes are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteOrder {
    /// Documents in project order, quotes in text order.
    #[default]
    Document,
    /// Best match of the query first.
    Relevance,
}

/// How much text around a quote to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "n")]
pub enum QuoteContext {
    /// The whole turn (or answer, or paragraph) around the quote.
    #[default]
    Turn,
    /// This many sentences before and after.
    Sentences(usize),
}

/// Which quotes to retrieve.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuoteRequest {
    /// The code or theme; its descendants are included.
    pub code: Option<CodeId>,
    /// Further filters.
    pub filters: Filters,
    /// Optional words the quotes must match.
    pub query: String,
    /// Order.
    pub order: QuoteOrder,
    /// Context to include.
    pub context: QuoteContext,
    /// Skip this many.
    pub offset: usize,
    /// At most this many.
    pub limit: usize,
}

/// A quote with its context.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Quote {
    /// The coding.
    pub coding: Coding,
    /// The document's name.
    pub document_name: String,
    /// The speaker of the turn it is in, if any.
    pub speaker: Option<String>,
    /// The context text.
    pub context: String,
    /// Document position where the context starts.
    pub context_start: usize,
}

/// Quotes of a code.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Quotes {
    /// Exact number of quotes matching.
    pub total: usize,
    /// The requested page.
    pub quotes: Vec<Quote>,
}

/// Codings of one document that changed, and the spans they cover (before
/// and after the change).
#[derive(Default)]
struct Around {
    codings: HashSet<CodingId>,
    spans: Vec<(u64, u64)>,
}

#[derive(serde::Serialize, serde::Deserialize, PartialEq)]
struct Payload {
    format: u32,
    project: ProjectId,
    revision: i64,
}

/// Hits in document order, as scored hits (all alike).
fn by_order(hits: Vec<(Option<u64>, DocAddress)>) -> Vec<(f32, DocAddress)> {
    hits.into_iter().map(|(_, a)| (1.0, a)).collect()
}

/// The search index of one project.
pub struct SearchIndex {
    reader: IndexReader,
    /// Always present; taken only when the index is dropped.
    writer: Option<IndexWriter>,
    fields: Fields,
    project: ProjectId,
    revision: i64,
    /// The folder, for an index on disk.
    dir: Option<(PathBuf, directory::StagedDirectory)>,
    /// The catalog, with the project revision it was read at.
    catalog: Mutex<Option<(i64, Arc<Catalog>)>>,
    /// Every coding's code and own tags, with the project revision they
    /// were read at: read when first needed, then kept up to date by
    /// [`SearchIndex::sync`].
    codings: Mutex<Option<(i64, Arc<CodingTable>)>>,
    /// What facet ordinals mean, per segment.
    facet_cache: Arc<Mutex<facets::FacetCache>>,
    /// The index, with the settings a change's segment is written with.
    segment_index: Index,
    /// The next change's segment writer, made ahead.
    spare: spare::Spare,
    /// The folder's lock, held while the index is open (released when the
    /// file closes, after [`SearchIndex::finish`] has written the folder
    /// out: fields drop after `drop`).
    _lock: Option<std::fs::File>,
}

impl Drop for SearchIndex {
    fn drop(&mut self) {
        // On failure the marker stays: the next open rebuilds.
        let _ = self.finish();
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("project", &self.project)
            .field("revision", &self.revision)
            .finish()
    }
}

/// From how many entries a change's segment is written in parts, one per
/// core ([`SearchIndex::add_segment`]); in tests from a few, so that their
/// small projects take this path too.
const PARALLEL_ENTRIES: usize = if cfg!(test) { 8 } else { 2000 };

/// Writes `docs` as a new segment of `index` (with the writer made ahead,
/// if any, else one of `memory` bytes) and returns its meta, ready to add.
fn write_segment(
    index: &Index,
    made: Option<(tantivy::Segment, SegmentWriter)>,
    memory: usize,
    docs: Vec<TantivyDocument>,
) -> Result<tantivy::index::SegmentMeta> {
    let (segment, mut segment_writer) = match made {
        Some(made) => made,
        None => {
            let segment = index.new_segment();
            let writer = SegmentWriter::for_segment(memory, segment.clone()).map_err(index_err)?;
            (segment, writer)
        }
    };
    for document in docs {
        // The opstamp orders a document against deletes when the writer's
        // own thread applies them; a segment added whole is handed every
        // pending delete instead (`SearchIndex::add_segment`).
        segment_writer
            .add_document(AddOperation {
                opstamp: 0,
                document,
            })
            .map_err(index_err)?;
    }
    let max_doc = segment_writer.max_doc();
    segment_writer.finalize().map_err(index_err)?;
    let meta = segment.with_max_doc(max_doc).meta().clone();
    meta.untrack_temp_docstore();
    Ok(meta)
}

/// The project's revision as `Project::revision` reads it, with a statement
/// kept prepared: this runs for every search.
fn revision_now(project: &Project) -> Result<i64> {
    Ok(project
        .connection()
        .prepare_cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'revision'")?
        .query_row([], |r| r.get(0))?)
}

/// What `cached` holds if it was read at the project's revision, else read
/// anew by `load`.
fn at_revision<T>(
    cached: &Mutex<Option<(i64, Arc<T>)>>,
    project: &Project,
    load: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<Arc<T>> {
    let revision = revision_now(project)?;
    let mut cached = cached.lock().unwrap_or_else(|e| e.into_inner());
    match &*cached {
        Some((r, c)) if *r == revision => Ok(c.clone()),
        _ => {
            let c = Arc::new(load(project.connection())?);
            *cached = Some((revision, c.clone()));
            Ok(c)
        }
    }
}

fn index_err(e: impl std::fmt::Display) -> Error {
    Error::Index(e.to_string())
}

/// The default folder of a project's index.
pub fn default_index_dir(project: ProjectId) -> Result<PathBuf> {
    let base =
        dirs::cache_dir().ok_or_else(|| Error::Index("no cache directory for this user".into()))?;
    Ok(base.join("tematik").join("index").join(project.to_string()))
}

const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// The memory to size a segment of `bytes` of text for: tantivy makes its
/// term table a third of it, and grows the table if it fills.
fn segment_memory(bytes: usize) -> usize {
    (bytes * 16).clamp(1 << 20, WRITER_MEMORY)
}

impl SearchIndex {
    /// Opens the project's index, rebuilding it (reporting progress) if it
    /// is missing, stale, of another format or unreadable.
    pub fn open(
        project: &mut Project,
        location: IndexLocation,
        progress: Progress,
    ) -> Result<SearchIndex> {
        let project_id = project.id()?;
        let (schema, fields) = fields::schema();
        let dir = match location {
            IndexLocation::InMemory => None,
            IndexLocation::Dir(d) => Some(d),
            IndexLocation::UserCache => Some(default_index_dir(project_id)?),
        };
        // The folder is this process's only while it holds the folder's
        // lock: another process (the app beside the command line, or a
        // second window) has it open, so it is neither judged nor rebuilt
        // here, and this process keeps an index of its own in memory.
        let (dir, lock) = match dir {
            Some(d) => match lock_folder(&d)? {
                Some(lock) => (Some(d), Some(lock)),
                None => (None, None),
            },
            None => (None, None),
        };
        let (index, fresh, staged) = match &dir {
            None => (Index::create_in_ram(schema.clone()), true, None),
            Some(d) => match open_existing(d, &schema) {
                Some((i, s)) => (i, false, Some(s)),
                None => {
                    let (i, s) = create_fresh(d, schema.clone())?;
                    (i, true, Some(s))
                }
            },
        };
        fields::register(&index);
        let (index, fresh, staged, (writer, reader)) = match (handles(&index), &dir) {
            (Ok(h), _) => (index, fresh, staged, h),
            // Segments that do not open: unreadable, start over.
            (Err(_), Some(d)) if !fresh => {
                drop(index);
                let (index, s) = create_fresh(d, schema)?;
                fields::register(&index);
                let h = handles(&index)?;
                (index, true, Some(s), h)
            }
            (Err(e), _) => return Err(e),
        };
        let payload = (!fresh)
            .then(|| index.load_metas().ok().and_then(|m| m.payload))
            .flatten()
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok());
        // A change's segment holds a few entries: its stored text is
        // compressed where it is written, not on a thread of its own.
        let mut segment_index = index.clone();
        segment_index
            .settings_mut()
            .docstore_compress_dedicated_thread = false;
        let spare = spare::Spare::new(segment_index.clone())
            .map_err(|e| Error::Index(format!("cannot start the index's helper thread: {e}")))?;
        let mut this = SearchIndex {
            segment_index,
            spare,
            reader,
            writer: Some(writer),
            fields,
            project: project_id,
            revision: -1,
            dir: dir.zip(staged),
            catalog: Mutex::new(None),
            codings: Mutex::new(None),
            facet_cache: Arc::default(),
            _lock: lock,
        };
        let current = project.revision()?;
        project.take_changes();
        match payload {
            Some(p)
                if p.format == fields::INDEX_FORMAT
                    && p.project == project_id
                    && p.revision == current =>
            {
                this.revision = current;
            }
            _ => this.rebuild(project, progress)?,
        }
        // The codings' codes, read now: a coding removed before the first
        // search still has its code known (`indexed_coding`).
        this.coding_table(project)?;
        Ok(this)
    }

    /// Whether the index is kept in a folder. An index asked for in a
    /// folder that another process has open is kept in memory instead.
    pub fn on_disk(&self) -> bool {
        self.dir.is_some()
    }

    /// The project revision the index reflects.
    pub fn revision(&self) -> i64 {
        self.revision
    }

    /// Rebuilds the whole index from the project.
    pub fn rebuild(&mut self, project: &mut Project, progress: Progress) -> Result<()> {
        project.take_changes();
        let conn = project.connection();
        let catalog = self.catalog(project)?;
        let docs: Vec<DocumentId> = conn
            .prepare("SELECT id FROM documents ORDER BY sort_key")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let revision = project.revision()?;
        *self.codings.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.writer().delete_all_documents().map_err(index_err)?;
        for (i, doc) in docs.iter().enumerate() {
            for e in entries::document_entries(conn, &catalog, *doc, &entries::Scope::Whole)? {
                let d = self.to_doc(e, revision);
                self.writer().add_document(d).map_err(index_err)?;
            }
            progress(i + 1, docs.len());
        }
        self.commit(revision)?;
        self.coding_table(project)?;
        Ok(())
    }

    /// The index document of an entry, indexed at project revision
    /// `generation`.
    fn to_doc(&self, e: entries::Entry, generation: i64) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::new();
        let document_id = e.document_id.to_string();
        d.add_text(f.ids, Fields::id_text(Id::Entry, e.kind.as_str()));
        d.add_text(f.ids, Fields::id_text(Id::Key, &e.key));
        d.add_text(f.ids, Fields::id_text(Id::Document, &document_id));
        d.add_text(
            f.ids,
            Fields::id_text(Id::Generation, &generation.to_string()),
        );
        d.add_text(f.key, &e.key);
        d.add_text(f.document_id, document_id);
        if let Some(c) = e.coding_id {
            let c = c.to_string();
            d.add_text(f.ids, Fields::id_text(Id::Coding, &c));
            d.add_text(f.coding_id, c);
        }
        d.add_u64(f.start, e.start);
        d.add_u64(f.end, e.end);
        d.add_u64(f.text_offset, e.text_offset);
        d.add_u64(f.order, e.order);
        d.add_text(f.text, &e.text);
        d.add_text(f.exact, &e.text);
        for facet in e.facets {
            d.add_facet(f.facets, facet);
        }
        d
    }

    /// The project's catalog, read again only after the project changed.
    fn catalog(&self, project: &Project) -> Result<Arc<Catalog>> {
        at_revision(&self.catalog, project, Catalog::load)
    }

    /// Every coding's code and own tags, read again only after the project
    /// changed in a way the sync did not follow.
    fn coding_table(&self, project: &Project) -> Result<Arc<CodingTable>> {
        at_revision(&self.codings, project, CodingTable::load)
    }

    fn writer(&mut self) -> &mut IndexWriter {
        self.writer
            .as_mut()
            .expect("the writer is taken only when the index is closed")
    }

    /// Writes out, synced, what this session's changes left in memory, so
    /// that exiting without closing the index loses nothing. The index stays
    /// open. Closing (or dropping) the index does this too; an index that
    /// was neither is rebuilt when next opened, since it cannot know what it
    /// missed.
    pub fn persist(&mut self) -> Result<()> {
        // A spare segment writer being made would add its file right after
        // and mark the folder again: let it finish first.
        self.spare.settle();
        match &self.dir {
            Some((d, staged)) => staged.persist().map_err(|e| Error::Io {
                path: d.clone(),
                source: e,
            }),
            None => Ok(()),
        }
    }

    /// Closes the index: background merges finish, then what this session
    /// left in memory is written out, synced. Dropping the index does the
    /// same but cannot report a failure. (Apps whose exit skips destructors
    /// must close the index themselves, or it is rebuilt at the next open.)
    pub fn close(mut self) -> Result<()> {
        self.finish()
    }

    fn finish(&mut self) -> Result<()> {
        // The writer's threads and merges finish first, so nothing is
        // written after the folder is persisted and the marker removed.
        self.spare.stop();
        if let Some(writer) = self.writer.take() {
            writer.wait_merging_threads().map_err(index_err)?;
        }
        self.persist()
    }

    fn commit(&mut self, revision: i64) -> Result<()> {
        let payload = Payload {
            format: fields::INDEX_FORMAT,
            project: self.project,
            revision,
        };
        let mut prepared = self.writer().prepare_commit().map_err(index_err)?;
        prepared.set_payload(&serde_json::to_string(&payload)?);
        prepared.commit().map_err(index_err)?;
        self.reader.reload().map_err(index_err)?;
        self.revision = revision;
        Ok(())
    }

    /// Brings the index up to date with the project after changes made
    /// through `project`. If the project was changed elsewhere (another
    /// process), the index is rebuilt.
    pub fn sync(&mut self, project: &mut Project, progress: Progress) -> Result<()> {
        let changes = project.take_changes();
        let current = project.revision()?;
        if changes.writes == 0 && current == self.revision {
            return Ok(());
        }
        if self.revision + changes.writes != current {
            return self.rebuild(project, progress);
        }
        // A change to codings or documents leaves the catalog as it was.
        let catalog_changed = changes.rows.iter().any(|(t, _)| {
            matches!(
                t,
                Table::Codes
                    | Table::CodeTags
                    | Table::TagValues
                    | Table::TagDimensions
                    | Table::Coders
                    | Table::Attributes
            )
        });
        if !catalog_changed {
            let mut cached = self.catalog.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((r, _)) = &mut *cached
                && *r == self.revision
            {
                *r = current;
            }
        }
        let conn = project.connection();
        // The changed codings' codes and tags, read again into the coding
        // table (if it is read already and up to date until this change).
        {
            let mut cached = self.codings.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((r, table)) = &mut *cached
                && *r == self.revision
            {
                let now = changes.codings_now(conn)?;
                Arc::make_mut(table).refresh(changes.coding_ids(), now);
                *r = current;
            } else {
                *cached = None;
            }
        }
        // Whole documents to re-index, and per document the codings whose
        // entries (and overlapping passages) are re-indexed.
        let mut docs: BTreeSet<String> = BTreeSet::new();
        let mut around: BTreeMap<String, Around> = BTreeMap::new();
        for (table, key) in &changes.rows {
            match table {
                Table::Documents | Table::Turns | Table::DocumentAttributes => {
                    docs.insert(key.clone());
                }
                // A coding that came, went or changed its place: its entry
                // and the passages it lies in (before and after).
                Table::Codings if changes.placed_codings.contains(key) => {
                    let in_db: Option<(String, i64, i64)> = conn
                        .prepare_cached(
                            "SELECT document_id, start, \"end\" FROM codings WHERE id = ?1",
                        )?
                        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                        .ok();
                    let spans = match in_db {
                        Some((d, s, e)) => vec![(d, s as u64, e as u64)],
                        // Gone from the project: where the index has it.
                        None => self.spans_of_coding(key)?,
                    };
                    if let Ok(id) = key.parse::<CodingId>() {
                        for (d, s, e) in spans {
                            let a = around.entry(d).or_default();
                            a.codings.insert(id);
                            a.spans.push((s, e));
                        }
                    }
                }
                // A coding that changed only its code, a coding's tags, a
                // code (its place in the tree, status or default tags) or
                // a tag value: the index holds none of these (searches
                // look them up in the coding table and the catalog).
                Table::Codings
                | Table::CodingTags
                | Table::Codes
                | Table::CodeTags
                | Table::TagValues
                | Table::TagDimensions => {}
                Table::Cases | Table::CaseAttributes => {
                    let mut stmt = conn.prepare_cached(
                        "SELECT id FROM documents WHERE case_id = ?1 UNION SELECT document_id FROM turns WHERE case_id = ?1",
                    )?;
                    for d in stmt.query_map([key], |r| r.get::<_, String>(0))? {
                        docs.insert(d?);
                    }
                }
                // Coder names and attribute names are in every entry
                // that has them.
                Table::Attributes | Table::Coders => {
                    return self.rebuild(project, progress);
                }
                // No entry holds anything of a source, a memo, a quote set,
                // a pinned example or a project setting.
                Table::Sources
                | Table::Memos
                | Table::QuoteSets
                | Table::QuoteSetItems
                | Table::CodeExamples
                | Table::ProjectSettings => {}
            }
        }
        let catalog = self.catalog(project)?;
        // What the index held of the changed entries goes (`deletes`), and
        // their entries as they are now come in (`adds`): one new segment.
        let mut deletes: Vec<Term> = Vec::new();
        let mut adds: Vec<TantivyDocument> = Vec::new();
        for doc in &docs {
            deletes.push(self.fields.id(Id::Document, doc));
            if let Ok(id) = doc.parse::<DocumentId>() {
                for e in entries::document_entries(conn, &catalog, id, &entries::Scope::Whole)? {
                    adds.push(self.to_doc(e, current));
                }
            }
        }
        // Changed codings: only their own entries and the passages they
        // overlap (before or after the change) are re-indexed, so a coding
        // in a 60,000-word transcript costs what it costs in a short answer.
        for (doc, a) in &around {
            if docs.contains(doc) {
                continue;
            }
            for id in &a.codings {
                deletes.push(self.fields.id(Id::Key, &id.to_string()));
            }
            let Ok(id) = doc.parse::<DocumentId>() else {
                continue;
            };
            let known_text = |key: &str| self.stored_text(key);
            let scope = entries::Scope::Around {
                spans: &a.spans,
                codings: &a.codings,
                known_text: &known_text,
            };
            for e in entries::document_entries(conn, &catalog, id, &scope)? {
                if e.kind == EntryKind::Passage {
                    deletes.push(self.fields.id(Id::Key, &e.key));
                }
                adds.push(self.to_doc(e, current));
            }
        }
        self.add_segment(deletes, adds, current)?;
        self.commit(current)?;
        // The next change's segment writer is made while the user works.
        self.spare.prepare();
        Ok(())
    }

    /// Deletes what `deletes` match in the index and adds `adds`, indexed at
    /// revision `generation`, as one new segment, uncommitted.
    ///
    /// The segment is written here, on the caller's thread, rather than by
    /// the writer's indexing thread: tantivy sizes a segment's term table
    /// from the writer's memory budget (at least 15 MB, which gives its
    /// largest table, 2^19 slots), and allocating, clearing and walking that
    /// table was 40 % of the indexing thread's time for a change of three
    /// entries. A segment written here is sized for what it holds, and
    /// for a change of ordinary size its writer was made beforehand, on
    /// the helper thread of `spare.rs`.
    fn add_segment(
        &mut self,
        deletes: Vec<Term>,
        adds: Vec<TantivyDocument>,
        generation: i64,
    ) -> Result<()> {
        let text = self.fields.text;
        let bytes: usize = adds
            .iter()
            .filter_map(|d| d.get_first(text)?.as_str().map(str::len))
            .sum();
        // A segment added to the writer takes every delete not yet applied
        // at the commit, those queued just before it included (its entries
        // have no opstamps to tell them apart): each delete spares the
        // entries of this generation. They go as one query: applying a
        // delete walks every segment, and a large code's merge deletes some
        // 18,000 entries.
        let this_generation = self.fields.id(Id::Generation, &generation.to_string());
        let writer = self.writer();
        if !deletes.is_empty() {
            let spare = Box::new(TermQuery::new(this_generation, IndexRecordOption::Basic));
            let delete = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermSetQuery::new(deletes)) as Box<dyn Query>,
                ),
                (Occur::MustNot, spare),
            ]);
            writer.delete_query(Box::new(delete)).map_err(index_err)?;
        }
        if adds.is_empty() {
            return Ok(());
        }
        // Many entries (a large code's merge: some 18,000) are written as
        // one segment per core, side by side: tokenizing their texts is
        // most of the time.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parts = if adds.len() >= PARALLEL_ENTRIES {
            cores.clamp(1, 4)
        } else {
            1
        };
        if parts > 1 {
            let memory = segment_memory(bytes / parts);
            let size = adds.len().div_ceil(parts);
            let mut chunks: Vec<Vec<TantivyDocument>> = Vec::new();
            let mut adds = adds.into_iter().peekable();
            while adds.peek().is_some() {
                chunks.push(adds.by_ref().take(size).collect());
            }
            let index = &self.segment_index;
            let metas = std::thread::scope(|scope| {
                let jobs: Vec<_> = chunks
                    .into_iter()
                    .map(|docs| scope.spawn(move || write_segment(index, None, memory, docs)))
                    .collect();
                jobs.into_iter()
                    .map(|j| j.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect::<Result<Vec<_>>>()
            })?;
            for meta in metas {
                self.writer().add_segment(meta).map_err(index_err)?;
            }
            return Ok(());
        }
        let memory = segment_memory(bytes);
        let spare = if memory <= spare::SPARE_MEMORY {
            self.spare.take()
        } else {
            None
        };
        let made = spare.transpose().map_err(index_err)?;
        let meta = write_segment(&self.segment_index, made, memory, adds)?;
        self.writer().add_segment(meta).map_err(index_err)
    }

    /// The text the index holds for an entry.
    fn stored_text(&self, key: &str) -> Option<String> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(self.fields.id(Id::Key, key), IndexRecordOption::Basic);
        let (_, addr) = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())
            .ok()?
            .into_iter()
            .next()?;
        let d: TantivyDocument = searcher.doc(addr).ok()?;
        d.get_first(self.fields.text)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    }

    /// Where the index holds a coding (for a coding that is gone from the
    /// project): (document, start, end).
    /// Where the index has a coding (its document, span and code): for a
    /// coding just removed from the project, before the index is synced.
    pub fn indexed_coding(&self, coding: CodingId) -> Result<Option<IndexedCoding>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            self.fields.id(Id::Coding, &coding.to_string()),
            IndexRecordOption::Basic,
        );
        let hits = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())
            .map_err(index_err)?;
        let Some((_, addr)) = hits.into_iter().next() else {
            return Ok(None);
        };
        let d: TantivyDocument = searcher.doc(addr).map_err(index_err)?;
        let text = |field| d.get_first(field).and_then(|v| v.as_str());
        let u64_of = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let Some(doc) = text(self.fields.document_id).and_then(|v| v.parse().ok()) else {
            return Ok(None);
        };
        Ok(Some((
            doc,
            u64_of(self.fields.start) as usize,
            u64_of(self.fields.end) as usize,
            self.codings
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                .and_then(|(_, t)| t.code(coding)),
        )))
    }

    fn spans_of_coding(&self, coding: &str) -> Result<Vec<(String, u64, u64)>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(self.fields.id(Id::Coding, coding), IndexRecordOption::Basic);
        let hits = searcher
            .search(&q, &TopDocs::with_limit(10).order_by_score())
            .map_err(index_err)?;
        let mut out = Vec::new();
        for (_, addr) in hits {
            let d: TantivyDocument = searcher.doc(addr).map_err(index_err)?;
            let u64_of = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            if let Some(v) = d
                .get_first(self.fields.document_id)
                .and_then(|v| v.as_str())
            {
                out.push((
                    v.to_owned(),
                    u64_of(self.fields.start),
                    u64_of(self.fields.end),
                ));
            }
        }
        Ok(out)
    }

    fn facet_term(&self, facet: Facet) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_facet(self.fields.facets, &facet),
            IndexRecordOption::Basic,
        ))
    }

    /// The filters on what is found through a hit's codings (codes, tags
    /// by dimension, statuses), each group an OR of its values, for
    /// [`facets::Faceted`].
    fn coding_filter(filters: &Filters, catalog: &Catalog) -> facets::CodingFilter {
        let encoded = |f: Facet| f.encoded_str().to_owned();
        let mut groups: Vec<Vec<String>> = Vec::new();
        groups.push(
            filters
                .codes
                .iter()
                .map(|c| {
                    encoded(
                        catalog.code_facet(*c).unwrap_or_else(|| {
                            facet_key::code(&["missing".to_owned(), c.to_string()])
                        }),
                    )
                })
                .collect(),
        );
        let mut by_dim: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (d, v) in &filters.tags {
            by_dim
                .entry(d)
                .or_default()
                .push(encoded(facet_key::tag(d, v)));
        }
        groups.extend(by_dim.into_values());
        groups.push(
            filters
                .statuses
                .iter()
                .map(|s| encoded(facet_key::status(s.as_str())))
                .collect(),
        );
        groups.retain(|g| !g.is_empty());
        facets::CodingFilter {
            groups,
            none: Vec::new(),
        }
    }

    /// The other filters as one query per group (each an OR of its values).
    fn filter_clauses(&self, filters: &Filters) -> Vec<Box<dyn Query>> {
        let mut groups: Vec<Vec<Facet>> = Vec::new();
        let mut by_attr: BTreeMap<&str, Vec<Facet>> = BTreeMap::new();
        for (n, v) in &filters.attributes {
            by_attr.entry(n).or_default().push(facet_key::attr(n, v));
        }
        groups.extend(by_attr.into_values());
        groups.push(
            filters
                .documents
                .iter()
                .flat_map(|d| [facet_key::doc(*d), facet_key::answer(*d)])
                .collect(),
        );
        groups.push(
            filters
                .questions
                .iter()
                .map(|q| facet_key::question(q))
                .collect(),
        );
        groups.push(
            filters
                .kinds
                .iter()
                .map(|k| facet_key::kind(k.as_str()))
                .collect(),
        );
        groups.push(
            filters
                .speakers
                .iter()
                .map(|s| facet_key::speaker(s))
                .collect(),
        );
        groups.push(filters.coders.iter().map(|s| facet_key::coder(s)).collect());
        groups
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(|g| -> Box<dyn Query> {
                if g.len() == 1 {
                    self.facet_term(g.into_iter().next().expect("one facet"))
                } else {
                    Box::new(BooleanQuery::new(
                        g.into_iter()
                            .map(|f| (Occur::Should, self.facet_term(f)))
                            .collect(),
                    ))
                }
            })
            .collect()
    }

    fn build_query(
        &self,
        text: &str,
        filters: &Filters,
        entries: Option<EntryKind>,
    ) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, query::parse(text, &self.fields)?)];
        if let Some(kind) = entries {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    self.fields.id(Id::Entry, kind.as_str()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        for q in self.filter_clauses(filters) {
            clauses.push((Occur::Must, q));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Runs `inner` over the hits of `q` that pass `filter`, counting
    /// facets if `count`.
    fn collect<C: tantivy::collector::Collector>(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        inner: C,
        count: bool,
        filter: facets::CodingFilter,
        lookups: &facets::Lookups,
    ) -> Result<(C::Fruit, facets::Counts)> {
        let segments: Vec<tantivy::index::SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        let collector =
            facets::Faceted::new(inner, count, filter, lookups, &segments, &self.facet_cache);
        searcher.search(q, &collector).map_err(index_err)
    }

    /// Searches passages and codings.
    pub fn search(&self, project: &Project, req: &SearchRequest) -> Result<SearchResults> {
        let catalog = self.catalog(project)?;
        let codings = self.coding_table(project)?;
        let lookups = facets::Lookups {
            catalog: catalog.clone(),
            codings: codings.clone(),
        };
        let q = self.build_query(&req.query, &req.filters, req.entries)?;
        let filter = Self::coding_filter(&req.filters, &catalog);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset);
        // Without words every hit scores the same: list them in document
        // order (as a reader would), not in the order they were indexed.
        let ((hits, total), counts) = if req.query.trim().is_empty() {
            let top = top.order_by_u64_field("order", tantivy::Order::Asc);
            let ((hits, total), counts) = self.collect(
                &searcher,
                &*q,
                (top, Count),
                req.with_facets,
                filter,
                &lookups,
            )?;
            ((by_order(hits), total), counts)
        } else {
            self.collect(
                &searcher,
                &*q,
                (top.order_by_score(), Count),
                req.with_facets,
                filter,
                &lookups,
            )?
        };
        // Children under each parent, in facet order (facets order by
        // their encoded form).
        let mut children: facets::FnvMap<&str, Vec<(&str, u64)>> =
            facets::FnvMap::with_capacity_and_hasher(counts.len(), Default::default());
        for (encoded, count) in &counts {
            let parent = encoded.rfind('\0').map_or("", |i| &encoded[..i]);
            children
                .entry(parent)
                .or_default()
                .push((&**encoded, *count));
        }
        let mut facets = Vec::with_capacity(counts.len());
        if req.with_facets {
            for parent in &catalog.facet_parents {
                let mut under = children.remove(parent.encoded_str()).unwrap_or_default();
                under.sort_unstable();
                facets.extend(under.into_iter().filter_map(|(f, count)| {
                    Some(FacetCount {
                        facet: facets::display(f),
                        key: FacetKey::from_encoded(f)?,
                        count,
                    })
                }));
            }
        }
        let highlighter = self.highlighter(&searcher, &req.query)?;
        Ok(SearchResults {
            total,
            hits: self.hits(project, &codings, &searcher, hits, highlighter.as_ref())?,
            facets,
        })
    }

    /// A snippet generator marking the query's words (stemmed) in stored text.
    fn highlighter(
        &self,
        searcher: &tantivy::Searcher,
        text: &str,
    ) -> Result<Option<SnippetGenerator>> {
        let words: Vec<String> = {
            let cleaned: String = text
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                .collect();
            let mut a = fields::analyzer(fields::STEMMED);
            let mut stream = a.token_stream(&cleaned);
            let mut out = Vec::new();
            while let Some(t) = stream.next() {
                if !["and", "or", "not", "och", "eller", "inte"].contains(&t.text.as_str()) {
                    out.push(t.text.clone());
                }
            }
            out
        };
        if words.is_empty() {
            return Ok(None);
        }
        let q = BooleanQuery::new(
            words
                .iter()
                .map(|w| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.fields.text, w),
                            IndexRecordOption::WithFreqs,
                        )) as Box<dyn Query>,
                    )
                })
                .collect(),
        );
        let mut generator =
            SnippetGenerator::create(searcher, &q, self.fields.text).map_err(index_err)?;
        generator.set_max_num_chars(240);
        Ok(Some(generator))
    }

    /// Search hits for ranked addresses: stored entries read, document
    /// names looked up in one query, snippets made.
    fn hits(
        &self,
        project: &Project,
        codings: &CodingTable,
        searcher: &tantivy::Searcher,
        ranked: Vec<(f32, DocAddress)>,
        highlighter: Option<&SnippetGenerator>,
    ) -> Result<Vec<SearchHit>> {
        let docs: Vec<(f32, TantivyDocument)> = ranked
            .into_iter()
            .map(|(score, addr)| Ok((score, searcher.doc(addr).map_err(index_err)?)))
            .collect::<Result<_>>()?;
        let ids: BTreeSet<&str> = docs
            .iter()
            .filter_map(|(_, d)| d.get_first(self.fields.document_id)?.as_str())
            .collect();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut stmt = project.connection().prepare_cached(
            "SELECT id, name FROM documents WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        for row in stmt.query_map([serde_json::to_string(&ids)?], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })? {
            let (id, name) = row?;
            names.insert(id, name);
        }
        docs.into_iter()
            .map(|(score, d)| self.hit(&d, score, highlighter, &names, codings))
            .collect()
    }

    fn hit(
        &self,
        d: &TantivyDocument,
        score: f32,
        highlighter: Option<&SnippetGenerator>,
        names: &BTreeMap<String, String>,
        codings: &CodingTable,
    ) -> Result<SearchHit> {
        let f = &self.fields;
        let text_of = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let u64_of = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let stored = text_of(f.text).unwrap_or_default();
        let text_offset = u64_of(f.text_offset);
        let document_id: DocumentId = text_of(f.document_id)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| index_err("an index entry lacks its document"))?;
        let snippet = match highlighter
            .map(|h| h.snippet(&stored))
            .filter(|s| !s.is_empty())
        {
            Some(s) => {
                let range = s.fragment_range();
                let frag_start = stored[..range.start].chars().count();
                let frag = s.fragment().to_owned();
                let highlights = s
                    .highlighted()
                    .iter()
                    .map(|r| {
                        (
                            frag[..r.start].chars().count(),
                            frag[..r.end].chars().count(),
                        )
                    })
                    .collect();
                Snippet {
                    text: frag,
                    start: text_offset + frag_start,
                    highlights,
                }
            }
            None => {
                let text: String = stored.chars().take(240).collect();
                Snippet {
                    text,
                    start: text_offset,
                    highlights: Vec::new(),
                }
            }
        };
        let start = u64_of(f.start);
        let jump_to = snippet
            .highlights
            .first()
            .map(|(s, _)| snippet.start + s)
            .unwrap_or(start);
        let entry = if d.get_first(f.coding_id).is_some() {
            EntryKind::Coding
        } else {
            EntryKind::Passage
        };
        let coding_id: Option<CodingId> = text_of(f.coding_id).and_then(|s| s.parse().ok());
        let document_name = names
            .get(&document_id.to_string())
            .cloned()
            .unwrap_or_default();
        Ok(SearchHit {
            entry,
            document_id,
            document_name,
            coding_id,
            code_id: coding_id.and_then(|c| codings.code(c)),
            start,
            end: u64_of(f.end),
            jump_to,
            snippet,
            score,
        })
    }

    /// Quotes: the codings of a code or theme (with everything below it)
    /// under the filters, with context, in document order or by relevance.
    pub fn quotes(&self, project: &Project, req: &QuoteRequest) -> Result<Quotes> {
        let (ids, total) = self.quote_ids(project, req)?;
        let quotes = quotes::quotes(project, &ids, req.context)?;
        Ok(Quotes { total, quotes })
    }

    /// The codings a quote request matches (its page of them, and how many
    /// match in all), in its order.
    pub fn quote_ids(
        &self,
        project: &Project,
        req: &QuoteRequest,
    ) -> Result<(Vec<CodingId>, usize)> {
        let catalog = self.catalog(project)?;
        let codings = self.coding_table(project)?;
        let lookups = facets::Lookups {
            catalog: catalog.clone(),
            codings: codings.clone(),
        };
        let mut filters = req.filters.clone();
        if let Some(code) = req.code {
            project.code(code)?;
            filters.codes.push(code);
        }
        let q = self.build_query(&req.query, &filters, Some(EntryKind::Coding))?;
        let filter = Self::coding_filter(&filters, &catalog);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset);
        let (addrs, total): (Vec<DocAddress>, usize) = match req.order {
            QuoteOrder::Relevance => {
                let ((hits, total), _) = self.collect(
                    &searcher,
                    &*q,
                    (top.order_by_score(), Count),
                    false,
                    filter,
                    &lookups,
                )?;
                (hits.into_iter().map(|(_, a)| a).collect(), total)
            }
            QuoteOrder::Document => {
                let top = top.order_by_u64_field("order", tantivy::Order::Asc);
                let ((hits, total), _) =
                    self.collect(&searcher, &*q, (top, Count), false, filter, &lookups)?;
                (hits.into_iter().map(|(_, a)| a).collect(), total)
            }
        };
        let mut ids = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let d: TantivyDocument = searcher.doc(addr).map_err(index_err)?;
            if let Some(id) = d
                .get_first(self.fields.coding_id)
                .and_then(|v| v.as_str())
                .and_then(|s| s.parse::<CodingId>().ok())
            {
                ids.push(id);
            }
        }
        Ok((ids, total))
    }

    /// A page of exactly these codings as quotes (a matrix cell's, a
    /// node's pinned examples), in the order given.
    pub fn quotes_of(
        project: &Project,
        codings: &[CodingId],
        context: QuoteContext,
        offset: usize,
        limit: usize,
    ) -> Result<Quotes> {
        let page: Vec<CodingId> = codings
            .iter()
            .skip(offset)
            .take(limit.max(1))
            .copied()
            .collect();
        Ok(Quotes {
            total: codings.len(),
            quotes: quotes::quotes(project, &page, context)?,
        })
    }

    /// Uncoded passages most like a coding's text, or like all codings of a
    /// code together: suggestions a coder accepts or rejects.
    pub fn similar(
        &self,
        project: &Project,
        to: SimilarTo,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let (text, code) = match to {
            SimilarTo::Coding(id) => {
                let c = project.coding(id)?;
                (c.text, c.code_id)
            }
            SimilarTo::Code(code) => {
                let texts: Vec<String> = project
                    .codings_of_code(code, false)?
                    .into_iter()
                    .map(|c| c.text)
                    .collect();
                (texts.join("\n"), code)
            }
        };
        let catalog = self.catalog(project)?;
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_max_query_terms(40)
            .with_min_word_length(3)
            .with_document_fields(vec![(self.fields.text, vec![OwnedValue::Str(text)])]);
        let clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(mlt)),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    self.fields.id(Id::Entry, EntryKind::Passage.as_str()),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        // Passages already coded with the code are not suggestions.
        let filter = facets::CodingFilter {
            groups: Vec::new(),
            none: catalog
                .code_facet(code)
                .map(|f| f.encoded_str().to_owned())
                .into_iter()
                .collect(),
        };
        let codings = self.coding_table(project)?;
        let lookups = facets::Lookups {
            catalog: catalog.clone(),
            codings: codings.clone(),
        };
        let q = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(limit.max(1)).order_by_score();
        let (hits, _) = self.collect(&searcher, &q, top, false, filter, &lookups)?;
        self.hits(project, &codings, &searcher, hits, None)
    }
}

/// Takes the lock of index folder `d` for this process: `None` when another
/// process holds it. The lock is a file beside the folder (a rebuild
/// replaces the folder whole), locked by the operating system, so it is
/// released when the process ends however it ends.
fn lock_folder(d: &Path) -> Result<Option<std::fs::File>> {
    let io = |path: PathBuf| move |e| Error::Io { path, source: e };
    let parent = d.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent.to_owned()))?;
    let mut name = d.file_name().unwrap_or_default().to_owned();
    name.push(".lock");
    let path = parent.join(name);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io(path.clone()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::Io { path, source: e }),
    }
}

/// The index in folder `d`, if it can be trusted: it opens, has this
/// schema, and holds no changes that a crash may have lost.
fn open_existing(d: &Path, schema: &Schema) -> Option<(Index, directory::StagedDirectory)> {
    if directory::is_unsynced(d) {
        return None;
    }
    let staged = directory::StagedDirectory::open(d).ok()?;
    let index = Index::open(staged.clone()).ok()?;
    (index.schema() == *schema).then_some((index, staged))
}

/// A new, empty index in folder `d`, replacing whatever was there: it is
/// derived data.
fn create_fresh(d: &Path, schema: Schema) -> Result<(Index, directory::StagedDirectory)> {
    let io = |e| Error::Io {
        path: d.to_owned(),
        source: e,
    };
    let _ = std::fs::remove_dir_all(d);
    std::fs::create_dir_all(d).map_err(io)?;
    let staged = directory::StagedDirectory::open(d).map_err(index_err)?;
    let index = Index::create(staged.clone(), schema, tantivy::IndexSettings::default())
        .map_err(index_err)?;
    Ok((index, staged))
}

/// A writer and a reader of the index.
fn handles(index: &Index) -> Result<(IndexWriter, IndexReader)> {
    keep_freed_memory();
    let writer: IndexWriter = index.writer(WRITER_MEMORY).map_err(index_err)?;
    // Every change adds a segment of a few entries. Tantivy's default puts
    // all segments under 10,000 entries in one level, so each merge of
    // them re-wrote a small project's whole index, and segments piled up
    // meanwhile (30 and more); tiny segments merge among themselves here,
    // sixteen at a time: a merge running beside a change slows it on two
    // cores (p95 of a change's sync 8.7 -> 7 ms at 5M words).
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_min_layer_size(100);
    policy.set_min_num_segments(16);
    writer.set_merge_policy(Box::new(policy));
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(index_err)?;
    Ok((writer, reader))
}

/// Keeps memory freed by the process for reuse instead of handing it back
/// to the system at once.
///
/// Every change writes a tantivy segment, and each segment allocates some
/// 12 MB for a moment (seven 1 MB arenas for fast fields and two for the
/// postings, a 960 kB registry per term dictionary, the writer's 1.4 MB
/// document channel at every commit). glibc's `malloc` serves blocks that
/// large from fresh pages and returns them to the system when freed, or
/// trims the top of the heap once more than the threshold is free there, so
/// each change paid for thousands of page faults. With blocks up to 8 MB
/// kept in the heap and up to 32 MB of free memory kept at the top of each
/// of malloc's arenas, the faults (and `brk`/trim calls) go: an index sync
/// at 200,000 words fell from 7.5 to 4.5 ms (median; from 8.7 to 3.8 ms on
/// an earlier, faster machine with the 8 MB trim threshold this replaced).
/// Serving the 1 MB arenas from fresh zero pages instead, to skip their
/// `memset`, measured slower (5.8–6.7 ms): page faults cost more than
/// clearing here. Linux with glibc only; other allocators were not
/// measured.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            use std::ffi::c_int;
            const M_TRIM_THRESHOLD: c_int = -1;
            const M_MMAP_THRESHOLD: c_int = -3;
            unsafe extern "C" {
                fn mallopt(param: c_int, value: c_int) -> c_int;
            }
            // SAFETY: glibc's mallopt only sets tuning parameters of the
            // allocator, under its own lock; any value is valid.
            unsafe {
                mallopt(M_MMAP_THRESHOLD, 8 << 20);
                mallopt(M_TRIM_THRESHOLD, 32 << 20);
            }
        });
    }
}

/// What to find similar passages to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum SimilarTo {
    /// One coding's text.
    Coding(CodingId),
    /// All codings of a code.
    Code(CodeId),
}

/// A coding with the turn (or sentences) around it.
pub fn quote_with_context(project: &Project, id: CodingId, context: QuoteContext) -> Result<Quote> {
    quotes::quotes(project, &[id], context)?
        .pop()
        .ok_or_else(|| Error::unknown("coding", id))
}
