//! Search and quote retrieval over a tantivy index derived from the project.
//!
//! The index is derived data: it lives outside the project file (in the
//! user's cache directory, one folder per project id), records in its commit
//! payload which project revision it reflects, and is rebuilt whenever it is
//! missing, stale, of another format or unreadable. SQLite always wins.
//!
//! After every change, [`SearchIndex::sync`] re-indexes the documents the
//! change touched, so a change is searchable as soon as it returns.

mod entries;
mod fields;
mod query;

pub use entries::EntryKind;

use crate::error::{Error, Result};
use crate::ids::{CodeId, CodingId, DocumentId, ProjectId};
use crate::model::{Coding, DocumentKind, ReviewStatus};
use crate::storage::Project;
use entries::Catalog;
use fields::Fields;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use tantivy::collector::{Count, FacetCollector, MultiCollector, TopDocs};
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, OwnedValue, Value};
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
    /// The facet path, e.g. "/tag/niva/mikro", "/attr/Kommunstorlek/Liten".
    pub facet: String,
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

#[derive(serde::Serialize, serde::Deserialize, PartialEq)]
struct Payload {
    format: u32,
    project: ProjectId,
    revision: i64,
}

/// The search index of one project.
pub struct SearchIndex {
    reader: IndexReader,
    writer: IndexWriter,
    fields: Fields,
    project: ProjectId,
    revision: i64,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("project", &self.project)
            .field("revision", &self.revision)
            .finish()
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
        let (index, fresh) = match &dir {
            None => (Index::create_in_ram(schema), true),
            Some(d) => {
                let existing = Index::open_in_dir(d).ok().filter(|i| i.schema() == schema);
                match existing {
                    Some(i) => (i, false),
                    None => {
                        // Missing or unreadable: start over. It is derived data.
                        let _ = std::fs::remove_dir_all(d);
                        std::fs::create_dir_all(d).map_err(|e| Error::Io {
                            path: d.clone(),
                            source: e,
                        })?;
                        (Index::create_in_dir(d, schema).map_err(index_err)?, true)
                    }
                }
            }
        };
        fields::register(&index);
        let payload = (!fresh)
            .then(|| index.load_metas().ok().and_then(|m| m.payload))
            .flatten()
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok());
        let writer = index.writer(WRITER_MEMORY).map_err(index_err)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_err)?;
        let mut this = SearchIndex {
            reader,
            writer,
            fields,
            project: project_id,
            revision: -1,
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
        Ok(this)
    }

    /// The project revision the index reflects.
    pub fn revision(&self) -> i64 {
        self.revision
    }

    /// Rebuilds the whole index from the project.
    pub fn rebuild(&mut self, project: &mut Project, progress: Progress) -> Result<()> {
        project.take_changes();
        let conn = project.connection();
        let catalog = Catalog::load(conn)?;
        let docs: Vec<DocumentId> = conn
            .prepare("SELECT id FROM documents ORDER BY sort_key")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.writer.delete_all_documents().map_err(index_err)?;
        for (i, doc) in docs.iter().enumerate() {
            for e in entries::document_entries(conn, &catalog, *doc)? {
                self.writer
                    .add_document(self.to_doc(e))
                    .map_err(index_err)?;
            }
            progress(i + 1, docs.len());
        }
        self.commit(project.revision()?)
    }

    fn to_doc(&self, e: entries::Entry) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.entry, e.kind.as_str());
        d.add_text(f.key, &e.key);
        d.add_text(f.document_id, e.document_id.to_string());
        if let Some(c) = e.coding_id {
            d.add_text(f.coding_id, c.to_string());
        }
        if let Some(c) = e.code_id {
            d.add_text(f.code_id, c.to_string());
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

    fn commit(&mut self, revision: i64) -> Result<()> {
        let mut prepared = self.writer.prepare_commit().map_err(index_err)?;
        let payload = Payload {
            format: fields::INDEX_FORMAT,
            project: self.project,
            revision,
        };
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
        let conn = project.connection();
        let mut docs: BTreeSet<String> = BTreeSet::new();
        for (table, key) in &changes.rows {
            match table.as_str() {
                "documents" | "turns" | "document_attributes" => {
                    docs.insert(key.clone());
                }
                "codings" | "coding_tags" => {
                    let in_db: Option<String> = conn
                        .query_row(
                            "SELECT document_id FROM codings WHERE id = ?1",
                            [key],
                            |r| r.get(0),
                        )
                        .ok();
                    match in_db {
                        Some(d) => {
                            docs.insert(d);
                        }
                        None => docs.extend(self.documents_of_coding(key)?),
                    }
                }
                "codes" | "code_tags" => {
                    let mut stmt = conn.prepare_cached(
                        "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
                         SELECT DISTINCT document_id FROM codings WHERE code_id IN (SELECT id FROM sub)",
                    )?;
                    for d in stmt.query_map([key], |r| r.get::<_, String>(0))? {
                        docs.insert(d?);
                    }
                }
                "cases" | "case_attributes" => {
                    let mut stmt = conn.prepare_cached(
                        "SELECT id FROM documents WHERE case_id = ?1 UNION SELECT document_id FROM turns WHERE case_id = ?1",
                    )?;
                    for d in stmt.query_map([key], |r| r.get::<_, String>(0))? {
                        docs.insert(d?);
                    }
                }
                "attributes" | "tag_values" | "tag_dimensions" | "coders" => {
                    return self.rebuild(project, progress);
                }
                _ => {}
            }
        }
        let catalog = Catalog::load(conn)?;
        for doc in &docs {
            self.writer
                .delete_term(Term::from_field_text(self.fields.document_id, doc));
            if let Ok(id) = doc.parse::<DocumentId>() {
                for e in entries::document_entries(conn, &catalog, id)? {
                    self.writer
                        .add_document(self.to_doc(e))
                        .map_err(index_err)?;
                }
            }
        }
        self.commit(current)
    }

    /// Documents the index holds a coding in (for a coding that is gone from the project).
    fn documents_of_coding(&self, coding: &str) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.coding_id, coding),
            IndexRecordOption::Basic,
        );
        let hits = searcher
            .search(&q, &TopDocs::with_limit(10).order_by_score())
            .map_err(index_err)?;
        let mut out = Vec::new();
        for (_, addr) in hits {
            let d: TantivyDocument = searcher.doc(addr).map_err(index_err)?;
            if let Some(v) = d
                .get_first(self.fields.document_id)
                .and_then(|v| v.as_str())
            {
                out.push(v.to_owned());
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

    /// The filters as one query per group (each an OR of its values).
    fn filter_clauses(&self, filters: &Filters, catalog: &Catalog) -> Vec<Box<dyn Query>> {
        let mut groups: Vec<Vec<Facet>> = Vec::new();
        let codes: Vec<Facet> = filters
            .codes
            .iter()
            .map(|c| {
                catalog
                    .code_facet(*c)
                    .unwrap_or_else(|| Facet::from_path(["code", "missing", &c.to_string()]))
            })
            .collect();
        groups.push(codes);
        let mut by_dim: BTreeMap<&str, Vec<Facet>> = BTreeMap::new();
        for (d, v) in &filters.tags {
            by_dim
                .entry(d)
                .or_default()
                .push(Facet::from_path(["tag", d.as_str(), v.as_str()]));
        }
        groups.extend(by_dim.into_values());
        let mut by_attr: BTreeMap<&str, Vec<Facet>> = BTreeMap::new();
        for (n, v) in &filters.attributes {
            by_attr
                .entry(n)
                .or_default()
                .push(Facet::from_path(["attr", n.as_str(), v.as_str()]));
        }
        groups.extend(by_attr.into_values());
        groups.push(
            filters
                .documents
                .iter()
                .map(|d| Facet::from_path(["doc", &d.to_string()]))
                .collect(),
        );
        groups.push(
            filters
                .kinds
                .iter()
                .map(|k| Facet::from_path(["kind", k.as_str()]))
                .collect(),
        );
        groups.push(
            filters
                .speakers
                .iter()
                .map(|s| Facet::from_path(["speaker", s.as_str()]))
                .collect(),
        );
        groups.push(
            filters
                .coders
                .iter()
                .map(|s| Facet::from_path(["coder", s.as_str()]))
                .collect(),
        );
        groups.push(
            filters
                .statuses
                .iter()
                .map(|s| Facet::from_path(["status", s.as_str()]))
                .collect(),
        );
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
        catalog: &Catalog,
    ) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, query::parse(text, &self.fields)?)];
        if let Some(kind) = entries {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.entry, kind.as_str()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        for q in self.filter_clauses(filters, catalog) {
            clauses.push((Occur::Must, q));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Searches passages and codings.
    pub fn search(&self, project: &Project, req: &SearchRequest) -> Result<SearchResults> {
        let catalog = Catalog::load(project.connection())?;
        let q = self.build_query(&req.query, &req.filters, req.entries, &catalog)?;
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(req.limit.max(1))
            .and_offset(req.offset)
            .order_by_score();
        let (hits, total, facets) = if req.with_facets {
            // A facet collector cannot hold a facet below another it holds,
            // so the code tree is counted one level per collector.
            let mut roots: Vec<Facet> = ["/kind", "/speaker", "/coder", "/status", "/doc", "/code"]
                .iter()
                .map(|f| Facet::from(*f))
                .collect();
            roots.extend(
                project
                    .dimensions()?
                    .iter()
                    .map(|d| Facet::from_path(["tag", d.key.as_str()])),
            );
            roots.extend(
                project
                    .attributes()?
                    .iter()
                    .map(|a| Facet::from_path(["attr", a.name.as_str()])),
            );
            let mut levels: Vec<Vec<Facet>> = vec![roots];
            for c in project.codes()? {
                if let Some(f) = catalog.code_facet(c.id) {
                    let depth = f.to_path().len() - 1;
                    while levels.len() <= depth {
                        levels.push(Vec::new());
                    }
                    levels[depth].push(f);
                }
            }
            let mut multi = MultiCollector::new();
            let top_handle = multi.add_collector(top);
            let count_handle = multi.add_collector(Count);
            let handles: Vec<_> = levels
                .iter()
                .map(|facets| {
                    let mut fc = FacetCollector::for_field("facets");
                    for f in facets {
                        fc.add_facet(f.clone());
                    }
                    multi.add_collector(fc)
                })
                .collect();
            let mut fruits = searcher.search(&*q, &multi).map_err(index_err)?;
            let mut facets = Vec::new();
            for (handle, level) in handles.into_iter().zip(&levels) {
                let counts = handle.extract(&mut fruits);
                for parent in level {
                    for (facet, count) in counts.get(parent.clone()) {
                        facets.push(FacetCount {
                            facet: facet.to_string(),
                            count,
                        });
                    }
                }
            }
            (
                top_handle.extract(&mut fruits),
                count_handle.extract(&mut fruits),
                facets,
            )
        } else {
            let (hits, total) = searcher.search(&*q, &(top, Count)).map_err(index_err)?;
            (hits, total, Vec::new())
        };
        let highlighter = self.highlighter(&searcher, &req.query)?;
        let mut out = Vec::with_capacity(hits.len());
        for (score, addr) in hits {
            out.push(self.hit(project, &searcher, addr, score, highlighter.as_ref())?);
        }
        Ok(SearchResults {
            total,
            hits: out,
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

    fn hit(
        &self,
        project: &Project,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        score: f32,
        highlighter: Option<&SnippetGenerator>,
    ) -> Result<SearchHit> {
        let d: TantivyDocument = searcher.doc(addr).map_err(index_err)?;
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
        let document_name: String = project
            .connection()
            .prepare_cached("SELECT name FROM documents WHERE id = ?1")?
            .query_row([document_id], |r| r.get(0))
            .unwrap_or_default();
        Ok(SearchHit {
            entry,
            document_id,
            document_name,
            coding_id: text_of(f.coding_id).and_then(|s| s.parse().ok()),
            code_id: text_of(f.code_id).and_then(|s| s.parse().ok()),
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
        let catalog = Catalog::load(project.connection())?;
        let mut filters = req.filters.clone();
        if let Some(code) = req.code {
            project.code(code)?;
            filters.codes.push(code);
        }
        let q = self.build_query(&req.query, &filters, Some(EntryKind::Coding), &catalog)?;
        let searcher = self.reader.searcher();
        let limit = req.limit.max(1);
        let addrs: Vec<DocAddress> = match req.order {
            QuoteOrder::Relevance => {
                let (hits, _) = searcher
                    .search(
                        &*q,
                        &(
                            TopDocs::with_limit(limit)
                                .and_offset(req.offset)
                                .order_by_score(),
                            Count,
                        ),
                    )
                    .map_err(index_err)?;
                hits.into_iter().map(|(_, a)| a).collect()
            }
            QuoteOrder::Document => {
                let top = TopDocs::with_limit(limit)
                    .and_offset(req.offset)
                    .order_by_u64_field("order", tantivy::Order::Asc);
                let hits = searcher.search(&*q, &top).map_err(index_err)?;
                hits.into_iter().map(|(_, a)| a).collect()
            }
        };
        let total = searcher.search(&*q, &Count).map_err(index_err)?;
        let mut quotes = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let d: TantivyDocument = searcher.doc(addr).map_err(index_err)?;
            let Some(id) = d
                .get_first(self.fields.coding_id)
                .and_then(|v| v.as_str())
                .and_then(|s| s.parse::<CodingId>().ok())
            else {
                continue;
            };
            quotes.push(quote_with_context(project, id, req.context)?);
        }
        Ok(Quotes { total, quotes })
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
        let catalog = Catalog::load(project.connection())?;
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_max_query_terms(40)
            .with_min_word_length(3)
            .with_document_fields(vec![(self.fields.text, vec![OwnedValue::Str(text)])]);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(mlt)),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.entry, EntryKind::Passage.as_str()),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        if let Some(f) = catalog.code_facet(code) {
            // Passages already coded with the code are not suggestions.
            clauses.push((Occur::MustNot, self.facet_term(f)));
        }
        let q = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let hits = searcher
            .search(&q, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(index_err)?;
        hits.into_iter()
            .map(|(score, addr)| self.hit(project, &searcher, addr, score, None))
            .collect()
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
    let coding = project.coding(id)?;
    let conn = project.connection();
    let (document_name, text): (String, String) = conn
        .prepare_cached("SELECT name, text FROM documents WHERE id = ?1")?
        .query_row([coding.document_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let turn: Option<(String, i64, i64)> = conn
        .prepare_cached("SELECT speaker, text_start, \"end\" FROM turns WHERE document_id = ?1 AND start <= ?2 AND \"end\" > ?2")?
        .query_row(rusqlite::params![coding.document_id, coding.start as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .ok();
    let chars: Vec<char> = text.chars().collect();
    // The passage: the turn, else the line.
    let (mut from, mut to) = match &turn {
        Some((_, s, e)) => (*s as usize, *e as usize),
        None => {
            let from = chars[..coding.start.min(chars.len())]
                .iter()
                .rposition(|c| *c == '\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            let to = chars[coding.end.min(chars.len())..]
                .iter()
                .position(|c| *c == '\n')
                .map(|i| coding.end + i)
                .unwrap_or(chars.len());
            (from, to)
        }
    };
    if let QuoteContext::Sentences(n) = context {
        let is_end = |c: char| matches!(c, '.' | '!' | '?' | '…');
        let mut s = coding.start.min(chars.len());
        for _ in 0..=n {
            match chars[from..s.saturating_sub(1).max(from)]
                .iter()
                .rposition(|c| is_end(*c))
            {
                Some(i) if from + i + 1 < s => s = from + i + 1,
                _ => {
                    s = from;
                    break;
                }
            }
        }
        let mut e = coding.end.min(chars.len());
        for _ in 0..n {
            match chars[e.min(to)..to].iter().position(|c| is_end(*c)) {
                Some(i) => e = e + i + 1,
                None => {
                    e = to;
                    break;
                }
            }
        }
        from = s.min(coding.start);
        to = e.max(coding.end).min(to.max(coding.end));
    }
    from = from.min(coding.start);
    to = to.max(coding.end).min(chars.len());
    let context_text: String = chars[from..to].iter().collect();
    Ok(Quote {
        speaker: turn.map(|(s, _, _)| s),
        document_name,
        context: context_text.trim_start().to_owned(),
        context_start: from
            + (context_text.chars().count() - context_text.trim_start().chars().count()),
        coding,
    })
}
