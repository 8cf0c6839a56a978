//! What the index holds, read from the project: one entry per passage (a
//! turn, a paragraph, a survey answer) and one per coding, each with the
//! facets a researcher filters by.

use crate::error::Result;
use crate::ids::{CodeId, CodingId, DocumentId, TagValueId};
use rusqlite::Connection;
use std::collections::HashMap;
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
    pub code_id: Option<CodeId>,
    pub start: u64,
    pub end: u64,
    pub text_offset: u64,
    /// Document order, then position: (document sort key << 32) | start.
    pub order: u64,
    pub text: String,
    pub facets: Vec<Facet>,
}

/// Project-wide lookups shared by all documents' entries.
pub(crate) struct Catalog {
    /// Code → ids from the top of the tree down to it.
    code_paths: HashMap<CodeId, Vec<String>>,
    code_status: HashMap<CodeId, String>,
    code_defaults: HashMap<CodeId, Vec<TagValueId>>,
    /// Tag value → (dimension key, value key).
    tag_values: HashMap<TagValueId, (String, String)>,
    coders: HashMap<String, String>,
}

impl Catalog {
    pub fn load(conn: &Connection) -> Result<Catalog> {
        let mut parents: HashMap<CodeId, Option<CodeId>> = HashMap::new();
        let mut code_status = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, parent_id, status FROM codes")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, CodeId>(0)?,
                r.get::<_, Option<CodeId>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (id, parent, status) = row?;
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
        let mut stmt = conn.prepare("SELECT code_id, value_id FROM code_tags")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (code, value) = row?;
            code_defaults.entry(code).or_default().push(value);
        }
        let mut tag_values = HashMap::new();
        let mut stmt = conn.prepare(
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
            .prepare("SELECT id, name FROM coders")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Catalog {
            code_paths,
            code_status,
            code_defaults,
            tag_values,
            coders,
        })
    }

    /// The facet of a code: /code/<theme id>/…/<code id>. Filtering by it
    /// matches the code and everything below it.
    pub fn code_facet(&self, code: CodeId) -> Option<Facet> {
        self.code_paths.get(&code).map(|path| {
            Facet::from_path(std::iter::once("code").chain(path.iter().map(String::as_str)))
        })
    }
}

struct CodingRow {
    id: CodingId,
    start: u64,
    end: u64,
    code_id: CodeId,
    coder_id: String,
    text: String,
    own_tags: Vec<TagValueId>,
}

/// Every entry of one document.
pub(crate) fn document_entries(
    conn: &Connection,
    catalog: &Catalog,
    doc: DocumentId,
) -> Result<Vec<Entry>> {
    let Some((kind, text, sort_key, case_id)) = conn
        .prepare_cached("SELECT kind, text, sort_key, case_id FROM documents WHERE id = ?1")?
        .query_row([doc], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
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
    let attr_facet = |name: &str, value: &str| Facet::from_path(["attr", name, value]);
    let mut doc_facets = vec![
        Facet::from_path(["doc", &doc.to_string()]),
        Facet::from_path(["kind", kind.as_str()]),
    ];
    let mut stmt = conn.prepare_cached(
        "SELECT a.name, v.value FROM document_attributes v JOIN attributes a ON a.id = v.attribute_id WHERE v.document_id = ?1",
    )?;
    for row in stmt.query_map([doc], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (n, v) = row?;
        doc_facets.push(attr_facet(&n, &v));
    }
    let case_facets = |case: &str| -> Result<Vec<Facet>> {
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
        Ok(out)
    };
    if let Some(case) = &case_id {
        doc_facets.extend(case_facets(case)?);
    }
    // Passages: turns; paragraphs of plain text; a survey answer whole.
    let chars: Vec<char> = text.chars().collect();
    struct Passage {
        key: String,
        start: usize,
        text_start: usize,
        end: usize,
        facets: Vec<Facet>,
    }
    let mut passages: Vec<Passage> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT idx, speaker, case_id, start, text_start, \"end\" FROM turns WHERE document_id = ?1 ORDER BY idx",
    )?;
    let turns = stmt
        .query_map([doc], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)? as usize,
                r.get::<_, i64>(4)? as usize,
                r.get::<_, i64>(5)? as usize,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if turns.is_empty() {
        let mut start = 0;
        for (i, line) in text.split('\n').enumerate() {
            let len = line.chars().count();
            if !line.trim().is_empty() {
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
        for (idx, speaker, case, start, text_start, end) in turns {
            let mut facets = vec![Facet::from_path(["speaker", speaker.as_str()])];
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
    // Codings with their own tags.
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.start, c.\"end\", c.code_id, c.coder_id, c.text,
                (SELECT group_concat(value_id) FROM coding_tags t WHERE t.coding_id = c.id)
         FROM codings c WHERE c.document_id = ?1 ORDER BY c.start",
    )?;
    let codings = stmt
        .query_map([doc], |r| {
            let tags: Option<String> = r.get(6)?;
            Ok(CodingRow {
                id: r.get(0)?,
                start: r.get::<_, i64>(1)? as u64,
                end: r.get::<_, i64>(2)? as u64,
                code_id: r.get(3)?,
                coder_id: r.get(4)?,
                text: r.get(5)?,
                own_tags: tags
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|t| t.parse().ok())
                    .collect(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let coding_facets = |c: &CodingRow| -> Vec<Facet> {
        let mut f = Vec::new();
        if let Some(cf) = catalog.code_facet(c.code_id) {
            f.push(cf);
        }
        if let Some(s) = catalog.code_status.get(&c.code_id) {
            f.push(Facet::from_path(["status", s.as_str()]));
        }
        if let Some(name) = catalog.coders.get(&c.coder_id) {
            f.push(Facet::from_path(["coder", name.as_str()]));
        }
        // Effective tags: own values win per dimension, defaults fill in.
        let own: Vec<&(String, String)> = c
            .own_tags
            .iter()
            .filter_map(|t| catalog.tag_values.get(t))
            .collect();
        let mut tags: Vec<&(String, String)> = own.clone();
        for d in catalog.code_defaults.get(&c.code_id).into_iter().flatten() {
            if let Some(tv) = catalog.tag_values.get(d)
                && !own.iter().any(|o| o.0 == tv.0)
            {
                tags.push(tv);
            }
        }
        for (dim, value) in tags {
            f.push(Facet::from_path(["tag", dim.as_str(), value.as_str()]));
        }
        f
    };
    let slice = |a: usize, b: usize| {
        chars[a.min(chars.len())..b.min(chars.len())]
            .iter()
            .collect::<String>()
    };
    let mut entries = Vec::with_capacity(passages.len() + codings.len());
    for p in &passages {
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
            code_id: None,
            start: p.start as u64,
            end: p.end as u64,
            text_offset: p.text_start as u64,
            order: ((sort_key as u64) << 32) | p.start as u64,
            text: slice(p.text_start, p.end),
            facets,
        });
    }
    for c in &codings {
        let mut facets = doc_facets.clone();
        // The speaker of the turn the coding starts in.
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
            code_id: Some(c.code_id),
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
