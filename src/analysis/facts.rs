//! The facts every analysis counts: each coding with its code, document,
//! participant, coder, span, turn, words and effective tags, and the
//! catalog they refer to (the code tree, the tag dimensions, coders,
//! documents, cases and their attributes), read from the project into
//! memory.
//!
//! Reading them all takes a while on a large project (tens of milliseconds),
//! so a session keeps them and brings them up to date after its writes
//! ([`Facts::refresh`]): a changed coding is read again by itself, a change to
//! the code tree or the tags reads the catalog again, and anything else
//! (an import, another process's change) reads everything.

use crate::error::Result;
use crate::ids::{CaseId, CodeId, CoderId, CodingId, DimensionId, DocumentId, TagValueId};
use crate::model::{CodeRole, ReviewStatus};
use crate::storage::{Changes, Table, effective_tags};
use rusqlite::Connection;
use std::collections::HashMap;

/// A node of the code tree.
#[derive(Clone, Debug)]
pub(crate) struct CodeFact {
    pub id: CodeId,
    pub parent: Option<u32>,
    pub depth: u32,
    pub name: String,
    pub color: String,
    pub definition: String,
    pub scope_includes: String,
    pub scope_excludes: String,
    pub role: CodeRole,
    pub status: ReviewStatus,
    /// Discarded itself (in the discard pile).
    pub discarded: bool,
    /// Discarded itself or below a discarded node: out of the analysis.
    pub out: bool,
    /// When the status was set (RFC 3339), and by whom.
    pub status_at: Option<String>,
    pub status_by: Option<CoderId>,
    /// Pinned example quotes.
    pub examples: u32,
    /// Default tags (global value indices).
    pub defaults: Vec<u32>,
}

/// A tag dimension with its values (indices into [`Facts::values`]).
#[derive(Clone, Debug)]
pub(crate) struct DimFact {
    pub key: String,
    pub name: String,
    pub values: Vec<u32>,
}

/// A tag value.
#[derive(Clone, Debug)]
pub(crate) struct ValueFact {
    pub dim: u32,
    pub key: String,
    pub label: String,
    pub color: Option<String>,
}

/// A coder.
#[derive(Clone, Debug)]
pub(crate) struct CoderFact {
    pub id: CoderId,
    pub name: String,
    pub color: String,
}

/// A document.
#[derive(Clone, Debug)]
pub(crate) struct DocFact {
    pub sort_key: i64,
    /// The unit a document counts as: itself, or for a survey answer its
    /// survey (the imported file), so that "documents" means transcripts
    /// and surveys, not answers one by one.
    pub unit: u32,
    /// The respondent of a survey answer.
    pub case: Option<u32>,
    /// (attribute, value) of the document itself.
    pub attributes: Vec<(u32, String)>,
    /// Turns as (start, end, case), in order.
    pub turns: Vec<(u32, u32, Option<u32>)>,
}

/// A case (participant, respondent …) with its attributes.
#[derive(Clone, Debug)]
pub(crate) struct CaseFact {
    pub attributes: Vec<(u32, String)>,
}

/// One coding.
#[derive(Clone, Debug)]
pub(crate) struct CodingFact {
    pub id: CodingId,
    pub code_id: CodeId,
    pub code: u32,
    pub doc: u32,
    /// The speaker's case of the turn the coding starts in, else the
    /// document's respondent.
    pub participant: Option<u32>,
    pub coder: u32,
    pub start: u32,
    pub end: u32,
    /// The index of the turn the coding starts in.
    pub turn: Option<u32>,
    /// The words of its text ([`crate::text::word_count`]).
    pub words: u32,
    pub own: Vec<TagValueId>,
    /// Effective tags (global value indices): own values win per dimension
    /// over the code's defaults ([`effective_tags`]).
    pub tags: Vec<u32>,
}

/// Everything the analyses count, in memory.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub(crate) codes: Vec<CodeFact>,
    pub(crate) code_index: HashMap<CodeId, u32>,
    pub(crate) dims: Vec<DimFact>,
    pub(crate) values: Vec<ValueFact>,
    pub(crate) value_index: HashMap<TagValueId, u32>,
    pub(crate) coders: Vec<CoderFact>,
    pub(crate) coder_index: HashMap<CoderId, u32>,
    pub(crate) docs: Vec<DocFact>,
    pub(crate) doc_index: HashMap<DocumentId, u32>,
    /// (key, label) of each document unit: a document id and name, or a
    /// survey's source id and file name.
    pub(crate) units: Vec<(String, String)>,
    pub(crate) cases: Vec<CaseFact>,
    pub(crate) case_index: HashMap<CaseId, u32>,
    /// Attribute names (case and document attributes of one name are one).
    pub(crate) attributes: Vec<String>,
    pub(crate) codings: Vec<CodingFact>,
    pub(crate) coding_index: HashMap<CodingId, u32>,
}

/// Whether a change to `table` can be followed by re-reading parts.
fn refreshable(table: Table) -> bool {
    matches!(
        table,
        Table::Codes
            | Table::CodeTags
            | Table::CodeExamples
            | Table::TagDimensions
            | Table::TagValues
            | Table::Codings
            | Table::CodingTags
            | Table::Coders
            | Table::Memos
            | Table::QuoteSets
            | Table::QuoteSetItems
            | Table::ProjectSettings
    )
}

impl Facts {
    /// Reads every fact from the project.
    pub fn load(conn: &Connection) -> Result<Facts> {
        let mut f = Facts::default();
        f.load_catalog(conn)?;
        f.load_material(conn)?;
        let rows = read_codings(conn, None)?;
        for row in rows {
            f.upsert(row);
        }
        f.retag();
        Ok(f)
    }

    /// Reads every fact from a project.
    pub fn read(project: &crate::Project) -> Result<Facts> {
        Facts::load(project.connection())
    }

    /// [`Facts::refresh`] on a project's own connection.
    pub fn refresh_from(&mut self, project: &crate::Project, changes: &Changes) -> Result<bool> {
        self.refresh(project.connection(), changes)
    }

    /// Brings the facts up to date with `changes` (rows written since they
    /// were read). Returns false when the change is of a kind that needs
    /// everything read again ([`Facts::load`]).
    pub fn refresh(&mut self, conn: &Connection, changes: &Changes) -> Result<bool> {
        if changes.rows.iter().any(|(t, _)| !refreshable(*t)) {
            return Ok(false);
        }
        let catalog = changes.rows.iter().any(|(t, _)| {
            matches!(
                t,
                Table::Codes
                    | Table::CodeTags
                    | Table::CodeExamples
                    | Table::TagDimensions
                    | Table::TagValues
                    | Table::Coders
            )
        });
        // Each code's default values before, to retag only the codings of
        // codes whose defaults changed (all of them if the values did).
        let before = catalog.then(|| {
            let defaults: HashMap<CodeId, Vec<u32>> = self
                .codes
                .iter()
                .map(|c| (c.id, c.defaults.clone()))
                .collect();
            (self.value_index.clone(), defaults)
        });
        if catalog {
            self.load_catalog(conn)?;
        }
        let mut ids = changes.coding_ids().to_vec();
        // A coding that is known and kept its place changed only its code
        // or its own tags: those are taken as they are now, not its text
        // (a merge of 8,000 codings at 5M words: 75 -> 40 ms).
        let (known, anew): (Vec<CodingId>, Vec<CodingId>) = ids.iter().partition(|id| {
            self.coding_index.contains_key(id) && !changes.placed_codings.contains(&id.to_string())
        });
        if !anew.is_empty() {
            let found = read_codings(conn, Some(&anew))?;
            let present: std::collections::HashSet<CodingId> = found.iter().map(|r| r.id).collect();
            for id in anew.iter().filter(|id| !present.contains(id)) {
                self.remove(*id);
            }
            for row in found {
                self.upsert(row);
            }
        }
        if !known.is_empty() {
            let now = changes.codings_now(conn)?;
            for id in &known {
                let Some((code, own)) = now.get(id) else {
                    self.remove(*id);
                    continue;
                };
                let (Some(&i), Some(&c)) = (self.coding_index.get(id), self.code_index.get(code))
                else {
                    return Ok(false);
                };
                let fact = &mut self.codings[i as usize];
                fact.code_id = *code;
                fact.code = c;
                fact.own.clone_from(own);
            }
        }
        if let Some((values, defaults)) = before {
            // Code indices may have changed for every coding.
            for c in &mut self.codings {
                if let Some(&i) = self.code_index.get(&c.code_id) {
                    c.code = i;
                }
            }
            if self
                .codings
                .iter()
                .any(|c| !self.code_index.contains_key(&c.code_id))
            {
                return Ok(false);
            }
            if values != self.value_index {
                self.retag();
            } else {
                let changed: std::collections::HashSet<CodeId> = self
                    .codes
                    .iter()
                    .filter(|c| defaults.get(&c.id) != Some(&c.defaults))
                    .map(|c| c.id)
                    .collect();
                if !changed.is_empty() {
                    ids.extend(
                        self.codings
                            .iter()
                            .filter(|c| changed.contains(&c.code_id))
                            .map(|c| c.id),
                    );
                }
                self.retag_some(&ids);
            }
        } else if !ids.is_empty() {
            self.retag_some(&ids);
        }
        Ok(true)
    }

    fn load_catalog(&mut self, conn: &Connection) -> Result<()> {
        // Dimensions and values.
        self.dims.clear();
        self.values.clear();
        self.value_index.clear();
        let mut dim_index: HashMap<DimensionId, u32> = HashMap::new();
        let mut stmt =
            conn.prepare_cached("SELECT id, key, name FROM tag_dimensions ORDER BY position, key")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            let (id, key, name): (DimensionId, String, String) = row?;
            dim_index.insert(id, self.dims.len() as u32);
            self.dims.push(DimFact {
                key,
                name,
                values: Vec::new(),
            });
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, dimension_id, key, label, color FROM tag_values ORDER BY position, key",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })? {
            let (id, dim, key, label, color): (
                TagValueId,
                DimensionId,
                String,
                String,
                Option<String>,
            ) = row?;
            let Some(&d) = dim_index.get(&dim) else {
                continue;
            };
            let i = self.values.len() as u32;
            self.value_index.insert(id, i);
            self.dims[d as usize].values.push(i);
            self.values.push(ValueFact {
                dim: d,
                key,
                label,
                color,
            });
        }
        // The code tree, depth first in sibling order.
        let mut rows: Vec<CodeRow> = Vec::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, parent_id, position, name, color, definition, role, status, {REVIEW_COLUMNS} FROM codes"
        ))?;
        for row in stmt.query_map([], |r| {
            Ok(CodeRow {
                id: r.get(0)?,
                parent: r.get(1)?,
                position: r.get(2)?,
                name: r.get(3)?,
                color: r.get(4)?,
                definition: r.get(5)?,
                role: r.get(6)?,
                status: r.get(7)?,
                scope_includes: r.get(8)?,
                scope_excludes: r.get(9)?,
                discarded: r.get(10)?,
                status_at: r.get(11)?,
                status_by: r.get(12)?,
            })
        })? {
            rows.push(row?);
        }
        let mut by_parent: HashMap<Option<CodeId>, Vec<CodeRow>> = HashMap::new();
        for r in rows {
            by_parent.entry(r.parent).or_default().push(r);
        }
        for kids in by_parent.values_mut() {
            kids.sort_by(|a, b| a.position.cmp(&b.position).then(a.name.cmp(&b.name)));
        }
        let mut defaults: HashMap<CodeId, Vec<u32>> = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT code_id, value_id FROM code_tags")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (code, value): (CodeId, TagValueId) = row?;
            if let Some(&v) = self.value_index.get(&value) {
                defaults.entry(code).or_default().push(v);
            }
        }
        for d in defaults.values_mut() {
            d.sort_unstable();
        }
        let mut examples: HashMap<CodeId, u32> = HashMap::new();
        let mut stmt =
            conn.prepare_cached("SELECT code_id, count(*) FROM code_examples GROUP BY code_id")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (code, n): (CodeId, u32) = row?;
            examples.insert(code, n);
        }
        self.codes.clear();
        self.code_index.clear();
        // Depth first, siblings in order: a stack of (row, parent, depth,
        // below a discarded node).
        let mut stack: Vec<(CodeRow, Option<u32>, u32, bool)> = by_parent
            .remove(&None)
            .unwrap_or_default()
            .into_iter()
            .rev()
            .map(|r| (r, None, 0, false))
            .collect();
        while let Some((r, parent, depth, out_above)) = stack.pop() {
            let i = self.codes.len() as u32;
            let out = out_above || r.discarded;
            let id = r.id;
            self.code_index.insert(id, i);
            self.codes.push(CodeFact {
                id,
                parent,
                depth,
                name: r.name,
                color: r.color,
                definition: r.definition,
                scope_includes: r.scope_includes,
                scope_excludes: r.scope_excludes,
                role: r.role,
                status: r.status,
                discarded: r.discarded,
                out,
                status_at: r.status_at,
                status_by: r.status_by,
                examples: examples.get(&id).copied().unwrap_or(0),
                defaults: defaults.remove(&id).unwrap_or_default(),
            });
            let kids = by_parent.remove(&Some(id)).unwrap_or_default();
            stack.extend(kids.into_iter().rev().map(|k| (k, Some(i), depth + 1, out)));
        }
        // Coders.
        self.coders.clear();
        self.coder_index.clear();
        let mut stmt = conn.prepare_cached("SELECT id, name, color FROM coders ORDER BY name")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            let (id, name, color): (CoderId, String, String) = row?;
            self.coder_index.insert(id, self.coders.len() as u32);
            self.coders.push(CoderFact { id, name, color });
        }
        Ok(())
    }

    fn load_material(&mut self, conn: &Connection) -> Result<()> {
        // Attributes: one name, one attribute, whatever its scope.
        let mut attr_index: HashMap<String, u32> = HashMap::new();
        let mut attr_of: HashMap<String, u32> = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT id, name FROM attributes ORDER BY sort_key")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (id, name): (String, String) = row?;
            let folded = name.to_lowercase();
            let i = *attr_index.entry(folded).or_insert_with(|| {
                self.attributes.push(name.clone());
                self.attributes.len() as u32 - 1
            });
            attr_of.insert(id, i);
        }
        let mut stmt = conn.prepare_cached("SELECT id FROM cases")?;
        for row in stmt.query_map([], |r| r.get::<_, CaseId>(0))? {
            self.case_index.insert(row?, self.cases.len() as u32);
            self.cases.push(CaseFact {
                attributes: Vec::new(),
            });
        }
        let mut stmt =
            conn.prepare_cached("SELECT case_id, attribute_id, value FROM case_attributes")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, CaseId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (case, attr, value) = row?;
            if let (Some(&c), Some(&a)) = (self.case_index.get(&case), attr_of.get(&attr)) {
                self.cases[c as usize].attributes.push((a, value));
            }
        }
        // Documents (through the covering index: never their text) and units.
        let mut unit_index: HashMap<String, u32> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT d.id, d.name, d.kind, d.case_id, d.sort_key, d.source_id, s.file_name
             FROM documents d INDEXED BY documents_summary LEFT JOIN sources s ON s.id = d.source_id",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, DocumentId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<CaseId>>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })? {
            let (id, name, kind, case, sort_key, source, file) = row?;
            let (key, label) = match (kind.as_str(), source, file) {
                ("survey_answer", Some(source), Some(file)) => (source, file),
                _ => (id.to_string(), name),
            };
            let unit = *unit_index.entry(key.clone()).or_insert_with(|| {
                self.units.push((key, label));
                self.units.len() as u32 - 1
            });
            self.doc_index.insert(id, self.docs.len() as u32);
            self.docs.push(DocFact {
                sort_key,
                unit,
                case: case.and_then(|c| self.case_index.get(&c).copied()),
                attributes: Vec::new(),
                turns: Vec::new(),
            });
        }
        let mut stmt = conn
            .prepare_cached("SELECT document_id, attribute_id, value FROM document_attributes")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, DocumentId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (doc, attr, value) = row?;
            if let (Some(&d), Some(&a)) = (self.doc_index.get(&doc), attr_of.get(&attr)) {
                self.docs[d as usize].attributes.push((a, value));
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT document_id, start, \"end\", case_id FROM turns INDEXED BY turns_span ORDER BY document_id, start",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, DocumentId>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<CaseId>>(3)?,
            ))
        })? {
            let (doc, start, end, case) = row?;
            let case = case.and_then(|c| self.case_index.get(&c).copied());
            if let Some(&d) = self.doc_index.get(&doc) {
                self.docs[d as usize]
                    .turns
                    .push((start as u32, end as u32, case));
            }
        }
        Ok(())
    }

    fn upsert(&mut self, row: CodingRow) {
        let (Some(&code), Some(&doc), Some(&coder)) = (
            self.code_index.get(&row.code),
            self.doc_index.get(&row.document),
            self.coder_index.get(&row.coder),
        ) else {
            return;
        };
        let d = &self.docs[doc as usize];
        // The turn the coding starts in: its line holds the start (as
        // `Project::turn_at` finds it).
        let after = d.turns.partition_point(|t| t.0 <= row.start);
        let turn = after
            .checked_sub(1)
            .filter(|&i| d.turns[i].1 >= row.start)
            .map(|i| i as u32);
        let participant = turn.and_then(|t| d.turns[t as usize].2).or(d.case);
        let fact = CodingFact {
            id: row.id,
            code_id: row.code,
            code,
            doc,
            participant,
            coder,
            start: row.start,
            end: row.end,
            turn,
            words: row.words,
            own: row.own,
            tags: Vec::new(),
        };
        match self.coding_index.get(&row.id) {
            Some(&i) => self.codings[i as usize] = fact,
            None => {
                self.coding_index.insert(row.id, self.codings.len() as u32);
                self.codings.push(fact);
            }
        }
    }

    fn remove(&mut self, id: CodingId) {
        let Some(i) = self.coding_index.remove(&id) else {
            return;
        };
        self.codings.swap_remove(i as usize);
        if let Some(moved) = self.codings.get(i as usize) {
            self.coding_index.insert(moved.id, i);
        }
    }

    fn tags_of(&self, c: &CodingFact) -> Vec<u32> {
        let own: Vec<(u32, u32)> = c
            .own
            .iter()
            .filter_map(|v| self.value_index.get(v))
            .map(|&v| (self.values[v as usize].dim, v))
            .collect();
        let defaults: Vec<(u32, u32)> = self.codes[c.code as usize]
            .defaults
            .iter()
            .map(|&v| (self.values[v as usize].dim, v))
            .collect();
        let mut tags: Vec<u32> = effective_tags(&own, &defaults)
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        tags.sort_unstable();
        tags
    }

    fn retag(&mut self) {
        let tags: Vec<Vec<u32>> = self.codings.iter().map(|c| self.tags_of(c)).collect();
        for (c, t) in self.codings.iter_mut().zip(tags) {
            c.tags = t;
        }
    }

    fn retag_some(&mut self, ids: &[CodingId]) {
        for id in ids {
            if let Some(&i) = self.coding_index.get(id) {
                let tags = self.tags_of(&self.codings[i as usize]);
                self.codings[i as usize].tags = tags;
            }
        }
    }

    /// The value of attribute `attr` for a coding: on the speaker's (or
    /// respondent's) case first, then on the document's respondent, then
    /// on the document — the order in which `attribution::sources` looks.
    pub(crate) fn attribute(&self, c: &CodingFact, attr: u32) -> Option<&str> {
        let d = &self.docs[c.doc as usize];
        fn on(list: &[(u32, String)], attr: u32) -> Option<&str> {
            list.iter()
                .find(|(a, v)| *a == attr && !v.trim().is_empty())
                .map(|(_, v)| v.as_str())
        }
        c.participant
            .and_then(|p| on(&self.cases[p as usize].attributes, attr))
            .or_else(|| {
                d.case
                    .and_then(|p| on(&self.cases[p as usize].attributes, attr))
            })
            .or_else(|| on(&d.attributes, attr))
    }

    /// For each code, the indices of it and every code above it.
    pub(crate) fn ancestors(&self, code: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(code), |&c| self.codes[c as usize].parent)
    }

    /// The name of a dimension given by key.
    pub fn dimension_name(&self, key: &str) -> Option<&str> {
        self.dims
            .iter()
            .find(|d| d.key == key)
            .map(|d| d.name.as_str())
    }

    /// How many codings the facts hold.
    pub fn codings(&self) -> usize {
        self.codings.len()
    }
}

/// The review columns of `codes`: scope notes and the discard pile.
const REVIEW_COLUMNS: &str =
    "scope_includes, scope_excludes, discarded_at IS NOT NULL, status_at, status_by";

struct CodeRow {
    id: CodeId,
    parent: Option<CodeId>,
    position: i64,
    name: String,
    color: String,
    definition: String,
    role: CodeRole,
    status: ReviewStatus,
    scope_includes: String,
    scope_excludes: String,
    discarded: bool,
    status_at: Option<String>,
    status_by: Option<CoderId>,
}

struct CodingRow {
    id: CodingId,
    document: DocumentId,
    code: CodeId,
    coder: CoderId,
    start: u32,
    end: u32,
    words: u32,
    own: Vec<TagValueId>,
}

/// Codings with their own tags: all, or those of `ids`.
fn read_codings(conn: &Connection, ids: Option<&[CodingId]>) -> Result<Vec<CodingRow>> {
    let filter = if ids.is_some() {
        " WHERE id IN (SELECT value FROM json_each(?1))"
    } else {
        ""
    };
    let list = serde_json::to_string(&ids.unwrap_or_default())?;
    let mut rows: Vec<CodingRow> = Vec::new();
    let mut index: HashMap<CodingId, usize> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, document_id, code_id, coder_id, start, \"end\", text FROM codings{filter}"
    ))?;
    let map = |r: &rusqlite::Row| -> rusqlite::Result<CodingRow> {
        Ok(CodingRow {
            id: r.get(0)?,
            document: r.get(1)?,
            code: r.get(2)?,
            coder: r.get(3)?,
            start: r.get::<_, i64>(4)? as u32,
            end: r.get::<_, i64>(5)? as u32,
            words: crate::text::word_count(r.get_ref(6)?.as_str().map_err(rusqlite::Error::from)?)
                as u32,
            own: Vec::new(),
        })
    };
    let found = if ids.is_some() {
        stmt.query_map([&list], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        stmt.query_map([], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    for row in found {
        index.insert(row.id, rows.len());
        rows.push(row);
    }
    let tag_filter = if ids.is_some() {
        " WHERE coding_id IN (SELECT value FROM json_each(?1))"
    } else {
        ""
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT coding_id, value_id FROM coding_tags{tag_filter}"
    ))?;
    let map = |r: &rusqlite::Row| -> rusqlite::Result<(CodingId, TagValueId)> {
        Ok((r.get(0)?, r.get(1)?))
    };
    let tags = if ids.is_some() {
        stmt.query_map([&list], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        stmt.query_map([], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    for (coding, value) in tags {
        if let Some(&i) = index.get(&coding) {
            rows[i].own.push(value);
        }
    }
    Ok(rows)
}
