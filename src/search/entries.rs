//! What the index holds, read from the project: one entry per passage (a
//! turn, a paragraph, a survey answer) and one per coding, each with the
//! facets a researcher filters by that its text and place decide (document,
//! speaker, attributes, coder) and the codings it is or lies under, through
//! which its codes, statuses and tags are found when searching.

use super::facet_key;
use crate::error::Result;
use crate::ids::{CodeId, CodingId, DocumentId, TagValueId};
use crate::storage::{documents, effective_tags};
use crate::text::ByteOffsets;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tantivy::schema::Facet;

/// Whether an entry is a passage or a coding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A turn, a paragraph or a survey answer.
    Passage,
    /// A coded segment.
    Coding,
}

impl EntryKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EntryKind::Passage => "passage",
            EntryKind::Coding => "coding",
        }
    }
}

/// One index entry.
pub(crate) struct Entry {
    pub kind: EntryKind,
    pub key: String,
    pub document_id: DocumentId,
    pub coding_id: Option<CodingId>,
    pub start: u64,
    pub end: u64,
    pub text_offset: u64,
    /// Document order, then position: (document sort key << 32) | start.
    pub order: u64,
    pub text: String,
    pub facets: Vec<Facet>,
}

/// Gives each catalog read a generation of its own.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

/// Project-wide lookups shared by all documents' entries, and by searches
/// to find a coding's code, status and tags (`codings.rs`).
pub(crate) struct Catalog {
    /// Names this reading of the catalog: what was worked out from an
    /// earlier one (a coding's facets) is stale.
    pub generation: u64,
    /// Code → ids from the top of the tree down to it.
    code_paths: HashMap<CodeId, Vec<String>>,
    code_status: HashMap<CodeId, String>,
    code_defaults: HashMap<CodeId, Vec<TagValueId>>,
    /// Tag value → (dimension key, value key).
    tag_values: HashMap<TagValueId, (String, String)>,
    coders: HashMap<String, String>,
    /// Every code, in the project's order.
    pub codes: Vec<CodeId>,
    /// Tag dimension keys, in order.
    pub dimensions: Vec<String>,
    /// Attribute names, in order.
    pub attributes: Vec<String>,
    /// The facets whose children the sidebar counts, each once: the roots
    /// (kinds, speakers, coders, statuses, documents, codes, each tag
    /// dimension and attribute), then every code, level by level.
    pub facet_parents: Vec<Facet>,
    /// The same, encoded, for counting.
    pub facet_parent_set: Arc<HashSet<String>>,
}

impl Catalog {
    pub fn load(conn: &Connection) -> Result<Catalog> {
        let mut parents: HashMap<CodeId, Option<CodeId>> = HashMap::new();
        let mut code_status = HashMap::new();
        let mut codes = Vec::new();
        let mut stmt = conn.prepare_cached("SELECT id, parent_id, status FROM codes")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, CodeId>(0)?,
                r.get::<_, Option<CodeId>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (id, parent, status) = row?;
            codes.push(id);
            parents.insert(id, parent);
            code_status.insert(id, status);
        }
        let code_paths = parents
            .keys()
            .map(|id| {
                let mut path = vec![id.to_string()];
                let mut current = parents.get(id).copied().flatten();
                while let Some(p) = current {
                    path.push(p.to_string());
                    current = parents.get(&p).copied().flatten();
                    if path.len() > parents.len() {
                        break; // a cycle cannot exist, but never loop forever
                    }
                }
                path.reverse();
                (*id, path)
            })
            .collect();
        let mut code_defaults: HashMap<CodeId, Vec<TagValueId>> = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT code_id, value_id FROM code_tags")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (code, value) = row?;
            code_defaults.entry(code).or_default().push(value);
        }
        let mut tag_values = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT v.id, d.key, v.key FROM tag_values v JOIN tag_dimensions d ON d.id = v.dimension_id",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, TagValueId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (id, dim, value) = row?;
            tag_values.insert(id, (dim, value));
        }
        let coders = conn
            .prepare_cached("SELECT id, name FROM coders")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let dimensions = conn
            .prepare_cached("SELECT key FROM tag_dimensions ORDER BY position")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let attributes = conn
            .prepare_cached("SELECT name FROM attributes ORDER BY sort_key")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut catalog = Catalog {
            generation: GENERATIONS.fetch_add(1, Ordering::Relaxed),
            code_paths,
            code_status,
            code_defaults,
            tag_values,
            coders,
            codes,
            dimensions,
            attributes,
            facet_parents: Vec::new(),
            facet_parent_set: Arc::default(),
        };
        catalog.facet_parents = catalog.parents();
        catalog.facet_parent_set = Arc::new(
            catalog
                .facet_parents
                .iter()
                .map(|f| f.encoded_str().to_owned())
                .collect(),
        );
        Ok(catalog)
    }

    fn parents(&self) -> Vec<Facet> {
        let mut roots: Vec<Facet> = [
            "kind", "speaker", "coder", "status", "doc", "question", "code",
        ]
        .iter()
        .map(|f| Facet::from_path([*f]))
        .collect();
        roots.extend(
            self.dimensions
                .iter()
                .map(|d| Facet::from_path(["tag", d.as_str()])),
        );
        roots.extend(
            self.attributes
                .iter()
                .map(|a| Facet::from_path(["attr", a.as_str()])),
        );
        let mut levels: Vec<Vec<Facet>> = vec![roots];
        for c in &self.codes {
            if let Some(f) = self.code_facet(*c) {
                let depth = f.to_path().len() - 1;
                while levels.len() <= depth {
                    levels.push(Vec::new());
                }
                levels[depth].push(f);
            }
        }
        let mut seen = HashSet::new();
        levels
            .into_iter()
            .flatten()
            .filter(|f| seen.insert(f.clone()))
            .collect()
    }

    /// The facets a coding of `code` with its own tag values `own` is
    /// counted and filtered under: its code (filed under the path above it),
    /// the code's review status, and its effective tags (by the storage
    /// layer's one rule).
    pub fn coding_facets(&self, code: CodeId, own: &[TagValueId]) -> Vec<Facet> {
        let mut f = Vec::new();
        if let Some(cf) = self.code_facet(code) {
            f.push(cf);
        }
        if let Some(s) = self.code_status.get(&code) {
            f.push(facet_key::status(s));
        }
        let keys = |values: &[TagValueId]| -> Vec<(&str, &str)> {
            values
                .iter()
                .filter_map(|t| self.tag_values.get(t))
                .map(|(d, v)| (d.as_str(), v.as_str()))
                .collect()
        };
        let defaults = keys(self.code_defaults.get(&code).map_or(&[], Vec::as_slice));
        for (dim, value) in effective_tags(&keys(own), &defaults) {
            f.push(facet_key::tag(dim, value));
        }
        f
    }

    /// The facet of a code: /code/<theme id>/…/<code id>. Filtering by it
    /// matches the code and everything below it.
    pub fn code_facet(&self, code: CodeId) -> Option<Facet> {
        self.code_paths.get(&code).map(|path| facet_key::code(path))
    }
}

struct CodingRow {
    id: CodingId,
    start: u64,
    end: u64,
    coder_id: String,
    text: String,
}

/// Which entries of a document to produce.
pub(crate) enum Scope<'a> {
    /// All of them.
    Whole,
    /// The passages overlapping one of `spans` (code points) and the coding
    /// entries of `codings`: what a change to those codings alters. The
    /// text of a passage the index already holds comes from `known_text`
    /// (by entry key), so a long transcript's text is not read for it.
    Around {
        spans: &'a [(u64, u64)],
        codings: &'a HashSet<CodingId>,
        known_text: &'a dyn Fn(&str) -> Option<String>,
    },
}

impl Scope<'_> {
    fn passage(&self, start: usize, end: usize) -> bool {
        match self {
            Scope::Whole => true,
            Scope::Around { spans, .. } => spans
                .iter()
                .any(|&(s, e)| (s as usize) < end && (e as usize) > start),
        }
    }

    fn coding(&self, id: CodingId) -> bool {
        match self {
            Scope::Whole => true,
            Scope::Around { codings, .. } => codings.contains(&id),
        }
    }
}

/// The entries of one document in `scope`.
pub(crate) fn document_entries(
    conn: &Connection,
    catalog: &Catalog,
    doc: DocumentId,
    scope: &Scope,
) -> Result<Vec<Entry>> {
    let Some((kind, sort_key, case_id, question)) = conn
        .prepare_cached("SELECT kind, sort_key, case_id, question FROM documents INDEXED BY documents_summary WHERE id = ?1")?
        .query_row([doc], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .map(Some)
        .or_else(|e| {
            if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
                Ok(None)
            } else {
                Err(e)
            }
        })?
    else {
        return Ok(Vec::new());
    };
    // The document's text, read when a passage needs it.
    let mut text: Option<String> = None;
    let load_text = || documents::read_text(conn, doc);
    let attr_facet = facet_key::attr;
    // A survey answer is counted under its question, not as a document of
    // its own (hundreds of one-answer "documents"); it can still be
    // filtered on alone.
    let mut doc_facets = match question.as_deref() {
        Some(q) if kind == crate::model::DocumentKind::SurveyAnswer.as_str() => {
            vec![facet_key::answer(doc), facet_key::question(q)]
        }
        _ => vec![facet_key::doc(doc)],
    };
    doc_facets.push(facet_key::kind(&kind));
    let mut stmt = conn.prepare_cached(
        "SELECT a.name, v.value FROM document_attributes v JOIN attributes a ON a.id = v.attribute_id WHERE v.document_id = ?1",
    )?;
    for row in stmt.query_map([doc], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (n, v) = row?;
        doc_facets.push(attr_facet(&n, &v));
    }
    // A transcript's turns share a few speakers' cases: each is read once.
    let mut case_cache: HashMap<String, Vec<Facet>> = HashMap::new();
    let mut case_facets = |case: &str| -> Result<Vec<Facet>> {
        if let Some(f) = case_cache.get(case) {
            return Ok(f.clone());
        }
        let mut stmt = conn.prepare_cached(
            "SELECT a.name, v.value FROM case_attributes v JOIN attributes a ON a.id = v.attribute_id WHERE v.case_id = ?1",
        )?;
        let rows = stmt.query_map([case], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (n, v) = row?;
            out.push(attr_facet(&n, &v));
        }
        case_cache.insert(case.to_owned(), out.clone());
        Ok(out)
    };
    if let Some(case) = &case_id {
        doc_facets.extend(case_facets(case)?);
    }
    // The part of the document in scope (code points): everything, or the
    // changed codings' spans.
    let (lo, hi) = match scope {
        Scope::Whole => (0, u64::MAX),
        Scope::Around { spans, .. } => (
            spans.iter().map(|s| s.0).min().unwrap_or(0),
            spans.iter().map(|s| s.1).max().unwrap_or(0),
        ),
    };
    // Passages in scope: turns; paragraphs of plain text; a survey answer whole.
    struct Passage {
        key: String,
        start: usize,
        text_start: usize,
        end: usize,
        facets: Vec<Facet>,
    }
    let mut passages: Vec<Passage> = Vec::new();
    let has_turns: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM turns WHERE document_id = ?1)")?
        .query_row([doc], |r| r.get(0))?;
    if !has_turns {
        let mut start = 0;
        if text.is_none() {
            text = Some(load_text()?);
        }
        for (i, line) in text.as_deref().unwrap_or_default().split('\n').enumerate() {
            let len = line.chars().count();
            if !line.trim().is_empty() && scope.passage(start, start + len) {
                passages.push(Passage {
                    key: format!("{doc}:{i}"),
                    start,
                    text_start: start,
                    end: start + len,
                    facets: Vec::new(),
                });
            }
            start += len + 1;
        }
    } else {
        let mut stmt = conn.prepare_cached(
            "SELECT idx, speaker, case_id, start, text_start, \"end\" FROM turns
             WHERE document_id = ?1 AND start < ?3 AND \"end\" >= ?2 ORDER BY idx",
        )?;
        let turns = stmt
            .query_map(
                rusqlite::params![doc, lo as i64, hi.min(i64::MAX as u64) as i64],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, i64>(3)? as usize,
                        r.get::<_, i64>(4)? as usize,
                        r.get::<_, i64>(5)? as usize,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (idx, speaker, case, start, text_start, end) in turns {
            if !scope.passage(start, end) {
                continue;
            }
            let mut facets = vec![facet_key::speaker(&speaker)];
            if let Some(c) = case {
                facets.extend(case_facets(&c)?);
            }
            passages.push(Passage {
                key: format!("{doc}:{idx}"),
                start,
                text_start,
                end,
                facets,
            });
        }
    }
    // Codings overlapping the passages in scope (they give the passages
    // facets) or the scope itself, with their own tags.
    let (lo, hi) = passages.iter().fold((lo, hi), |(l, h), p| {
        (l.min(p.start as u64), h.max(p.end as u64))
    });
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.start, c.\"end\", c.coder_id, c.text
         FROM codings c WHERE c.document_id = ?1 AND c.start < ?3 AND c.\"end\" >= ?2
         ORDER BY c.start",
    )?;
    let codings = stmt
        .query_map(
            rusqlite::params![doc, lo as i64, hi.min(i64::MAX as u64) as i64],
            |r| {
                Ok(CodingRow {
                    id: r.get(0)?,
                    start: r.get::<_, i64>(1)? as u64,
                    end: r.get::<_, i64>(2)? as u64,
                    coder_id: r.get(3)?,
                    text: r.get(4)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // What an entry holds of a coding: the coding itself (its code, status
    // and tags are looked up when searching: a move or merge writes nothing
    // here) and its coder.
    let coding_facets = |c: &CodingRow| -> Vec<Facet> {
        let mut f = vec![facet_key::coding(c.id)];
        if let Some(name) = catalog.coders.get(&c.coder_id) {
            f.push(facet_key::coder(name));
        }
        f
    };
    // Passage texts: those the index holds, else cut from the document at
    // code point positions found in one pass. (A document read already, one
    // without turns, is cut from: cheaper than a lookup in the index per
    // passage, thousands of them when a large code's survey answers move.)
    let mut texts: Vec<Option<String>> = passages
        .iter()
        .map(|p| match scope {
            Scope::Around { known_text, .. } if text.is_none() => known_text(&p.key),
            _ => None,
        })
        .collect();
    if texts.iter().any(Option::is_none) {
        if text.is_none() {
            text = Some(load_text()?);
        }
        let text = text.as_deref().unwrap_or_default();
        let bytes = ByteOffsets::new(text, passages.iter().flat_map(|p| [p.text_start, p.end]));
        for (t, p) in texts.iter_mut().zip(&passages) {
            if t.is_none() {
                *t = Some(text[bytes.of(p.text_start)..bytes.of(p.end)].to_owned());
            }
        }
    }
    let mut entries = Vec::with_capacity(passages.len() + codings.len());
    for (p, passage_text) in passages.iter().zip(texts) {
        let mut facets = doc_facets.clone();
        facets.extend(p.facets.iter().cloned());
        for c in codings
            .iter()
            .filter(|c| (c.start as usize) < p.end && (c.end as usize) > p.start)
        {
            facets.extend(coding_facets(c));
        }
        facets.sort();
        facets.dedup();
        entries.push(Entry {
            kind: EntryKind::Passage,
            key: p.key.clone(),
            document_id: doc,
            coding_id: None,
            start: p.start as u64,
            end: p.end as u64,
            text_offset: p.text_start as u64,
            order: ((sort_key as u64) << 32) | p.start as u64,
            text: passage_text.unwrap_or_default(),
            facets,
        });
    }
    for c in codings.iter().filter(|c| scope.coding(c.id)) {
        let mut facets = doc_facets.clone();
        // The speaker of the turn the coding starts in (a passage in scope:
        // it overlaps the coding).
        if let Some(p) = passages
            .iter()
            .find(|p| p.start <= c.start as usize && (c.start as usize) < p.end.max(p.start + 1))
        {
            facets.extend(p.facets.iter().cloned());
        }
        facets.extend(coding_facets(c));
        facets.sort();
        facets.dedup();
        entries.push(Entry {
            kind: EntryKind::Coding,
            key: c.id.to_string(),
            document_id: doc,
            coding_id: Some(c.id),
            start: c.start,
            end: c.end,
            text_offset: c.start,
            order: ((sort_key as u64) << 32) | c.start,
            text: c.text.clone(),
            facets,
        });
    }
    Ok(entries)
}
