//! Codings: spans of documents coded with a code, by a coder, with tags.

use super::{Change, Project, Tx, UndoMode, codes, documents, tags, time_col};
use crate::error::{Error, Result};
use crate::ids::{CodeId, CoderId, CodingId, DimensionId, DocumentId, TagValueId};
use crate::model::Coding;
use rusqlite::{Connection, OptionalExtension, ToSql, params};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A span to code.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct CodeSpan {
    /// The document.
    pub document_id: DocumentId,
    /// Start (code points, inclusive).
    pub start: usize,
    /// End (code points, exclusive).
    pub end: usize,
    /// The code to apply.
    pub code_id: CodeId,
    /// The coding's own tags (they win over the code's defaults per dimension).
    pub tags: Vec<TagValueId>,
}

const CODING_COLUMNS: &str =
    "c.id, c.document_id, c.start, c.\"end\", c.code_id, c.coder_id, c.created_at, c.text";

/// Loads codings matching `filter` (SQL over alias `c`), with their tags.
fn load(conn: &Connection, filter: &str, args: &[&dyn ToSql], order: &str) -> Result<Vec<Coding>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CODING_COLUMNS} FROM codings c WHERE {filter} ORDER BY {order}"
    ))?;
    let mut codings: Vec<Coding> = stmt
        .query_map(args, |r| {
            Ok(Coding {
                id: r.get(0)?,
                document_id: r.get(1)?,
                start: r.get::<_, i64>(2)? as usize,
                end: r.get::<_, i64>(3)? as usize,
                code_id: r.get(4)?,
                coder_id: r.get(5)?,
                created_at: time_col(r, 6)?,
                text: r.get(7)?,
                own_tags: Vec::new(),
                tags: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if codings.is_empty() {
        return Ok(codings);
    }
    // Own tags of exactly these codings, in one pass.
    let mut own: HashMap<CodingId, Vec<(DimensionId, TagValueId)>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT ct.coding_id, v.dimension_id, ct.value_id FROM coding_tags ct
         JOIN codings c ON c.id = ct.coding_id
         JOIN tag_values v ON v.id = ct.value_id
         JOIN tag_dimensions d ON d.id = v.dimension_id
         WHERE {filter} ORDER BY d.position, v.position"
    ))?;
    for row in stmt.query_map(args, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        let (coding, dim, value) = row?;
        own.entry(coding).or_default().push((dim, value));
    }
    let defaults = tags::all_code_defaults(conn)?;
    for coding in &mut codings {
        let own_tags = own.remove(&coding.id).unwrap_or_default();
        let of_code = defaults.get(&coding.code_id).map(Vec::as_slice);
        coding.tags = tags::effective_tags(&own_tags, of_code.unwrap_or(&[]))
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        coding.own_tags = own_tags.into_iter().map(|(_, v)| v).collect();
    }
    Ok(codings)
}

fn get(conn: &Connection, id: CodingId) -> Result<Coding> {
    load(conn, "c.id = ?1", &[&id], "c.start")?
        .pop()
        .ok_or_else(|| Error::unknown("coding", id))
}

/// Effective tags of a coding, grouped by dimension.
fn effective_by_dimension(
    conn: &Connection,
    coding: CodingId,
    code: CodeId,
) -> Result<BTreeMap<DimensionId, Vec<TagValueId>>> {
    let own = tags::coding_own_tags(conn, coding)?;
    let defaults = tags::code_defaults(conn, code)?;
    Ok(by_dimension(&tags::effective_tags(&own, &defaults)))
}

/// Values grouped by dimension, each dimension's in the order given.
fn by_dimension(pairs: &[(DimensionId, TagValueId)]) -> BTreeMap<DimensionId, Vec<TagValueId>> {
    let mut out: BTreeMap<DimensionId, Vec<TagValueId>> = BTreeMap::new();
    for (dim, value) in pairs {
        out.entry(*dim).or_default().push(*value);
    }
    out
}

/// Moves every coding of code `from` to code `to` (see [`move_codings`]).
/// Returns how many codings moved.
pub(super) fn move_all(tx: &Tx, from: CodeId, to: CodeId) -> Result<u64> {
    temp_list_from(
        tx,
        "_moving",
        "SELECT id FROM codings WHERE code_id = ?1",
        &[&from],
    )?;
    move_listed(tx, to)
}

/// Moves the codings `ids` to code `to`, keeping every coding's effective
/// tags: a value a coding inherited from its old code is written onto the
/// coding where `to`'s defaults differ in that dimension. (A dimension in
/// which a coding had no value at all takes `to`'s defaults: a coding cannot
/// hold "none".)
///
/// A moved coding equal in document, span and coder to one `to` already has
/// (its twin) joins it, losing nothing: the twin takes the effective tags of
/// both (united per dimension; in a single-valued one the twin's value
/// stays), the moved coding's memos, quote-set places (where both are in
/// one set, the notes are joined) and places as a pinned example, and the
/// moved coding is deleted.
///
/// Codings already on `to` stay as they are. Returns how many codings moved.
/// Merging codes moves all of a code's codings; splitting one moves a chosen
/// subset.
pub(super) fn move_codings(tx: &Tx, ids: &[CodingId], to: CodeId) -> Result<u64> {
    temp_list(tx, "_moving", ids)?;
    move_listed(tx, to)
}

/// [`move_codings`] of the codings listed in `temp._moving` (emptied
/// whenever it is filled again).
fn move_listed(tx: &Tx, to: CodeId) -> Result<u64> {
    codes::get(tx, to)?;
    // Each coding with its code, its span and coder, and its twin on `to`,
    // read in one query over the list.
    let mut rows: HashMap<CodingId, Moving> = HashMap::new();
    let mut listed: Vec<CodingId> = Vec::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT m.id, c.id, c.code_id, c.document_id, c.start, c.\"end\", c.coder_id, t.id
             FROM temp._moving m LEFT JOIN codings c ON c.id = m.id
             LEFT JOIN codings t ON t.document_id = c.document_id AND t.start = c.start
                  AND t.\"end\" = c.\"end\" AND t.coder_id = c.coder_id AND t.code_id = ?1
             ORDER BY m.rowid",
        )?;
        let found = stmt.query_map([to], |r| {
            let listed: CodingId = r.get(0)?;
            let found: Option<CodingId> = r.get(1)?;
            Ok((
                listed,
                found
                    .map(|_| {
                        Ok::<_, rusqlite::Error>(Moving {
                            from: r.get(2)?,
                            span: (r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
                            twin: r.get(7)?,
                        })
                    })
                    .transpose()?,
            ))
        })?;
        for row in found {
            let (id, m) = row?;
            let Some(m) = m else {
                return Err(Error::unknown("coding", id));
            };
            listed.push(id);
            rows.insert(id, m);
        }
    }
    let ids: Vec<CodingId> = listed
        .into_iter()
        .filter(|id| rows[id].from != to)
        .collect();
    // Two moving codings alike in span and coder (from two codes) would meet
    // on `to`: the second joins the first as its twin, so order matters and
    // they are moved one by one.
    let mut spans = HashSet::new();
    if !ids.iter().all(|id| spans.insert(&rows[id].span)) {
        for id in &ids {
            move_one(tx, *id, to)?;
        }
        return Ok(ids.len() as u64);
    }
    let multi = tags::dimension_multi(tx)?;
    let (plain, twinned): (Vec<CodingId>, Vec<CodingId>) =
        ids.iter().partition(|id| rows[id].twin.is_none());
    for id in &twinned {
        join_twin(
            tx,
            *id,
            rows[id].from,
            rows[id].twin.unwrap_or(*id),
            to,
            &multi,
        )?;
    }
    if plain.is_empty() {
        return Ok(ids.len() as u64);
    }
    // The others: what each inherited from its old code and `to` would not
    // give it is written onto it, then all change code in one statement.
    // (The list is left as it is where it holds exactly them.)
    if plain.len() != rows.len() {
        temp_list(tx, "_moving", &plain)?;
    }
    let to_dims = by_dimension(&tags::code_defaults(tx, to)?);
    let mut inherit: Vec<(CodeId, DimensionId, TagValueId)> = Vec::new();
    let froms: BTreeSet<CodeId> = plain.iter().map(|id| rows[id].from).collect();
    for from in froms {
        for (dim, values) in by_dimension(&tags::code_defaults(tx, from)?) {
            if to_dims.get(&dim) != Some(&values) {
                inherit.extend(values.into_iter().map(|v| (from, dim, v)));
            }
        }
    }
    if !inherit.is_empty() {
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS _inherit (code_id TEXT NOT NULL, dimension_id TEXT NOT NULL, value_id TEXT NOT NULL);
             DELETE FROM temp._inherit;",
        )?;
        let mut put = tx.prepare_cached(
            "INSERT INTO temp._inherit(code_id, dimension_id, value_id) VALUES (?1, ?2, ?3)",
        )?;
        for (code, dim, value) in &inherit {
            put.execute(params![code, dim, value])?;
        }
        // In a dimension where the coding has a value of its own, it keeps
        // that one. (SQLite reads the whole selection before inserting, as
        // it reads the table it inserts into: a value inserted here is not
        // taken for the coding's own.)
        tx.prepare_cached(
            "INSERT OR IGNORE INTO coding_tags(coding_id, value_id)
             SELECT c.id, i.value_id FROM temp._moving m JOIN codings c ON c.id = m.id
             JOIN temp._inherit i ON i.code_id = c.code_id
             WHERE NOT EXISTS (SELECT 1 FROM coding_tags ct JOIN tag_values v ON v.id = ct.value_id
                               WHERE ct.coding_id = c.id AND v.dimension_id = i.dimension_id)",
        )?
        .execute([])?;
    }
    tx.execute(
        "UPDATE codings SET code_id = ?1 WHERE id IN (SELECT id FROM temp._moving)",
        [to],
    )?;
    Ok(ids.len() as u64)
}

/// Fills the temporary table `name` (made if missing: it never reaches the
/// file) with exactly `ids`, each once, in their order, for queries to join
/// with.
fn temp_list(tx: &Tx, name: &str, ids: &[CodingId]) -> Result<()> {
    make_temp_list(tx, name)?;
    let mut put = tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO temp.{name}(id) VALUES (?1)"
    ))?;
    for id in ids {
        put.execute([id])?;
    }
    Ok(())
}

/// Fills the temporary table `name` with the ids `select` gives.
fn temp_list_from(tx: &Tx, name: &str, select: &str, args: &[&dyn rusqlite::ToSql]) -> Result<()> {
    make_temp_list(tx, name)?;
    tx.prepare_cached(&format!("INSERT OR IGNORE INTO temp.{name}(id) {select}"))?
        .execute(args)?;
    Ok(())
}

/// The temporary list `name`, empty: ids in the order put (its row ids).
fn make_temp_list(tx: &Tx, name: &str) -> Result<()> {
    tx.execute_batch(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS {name} (id TEXT NOT NULL UNIQUE);
         DELETE FROM temp.{name};"
    ))?;
    Ok(())
}

/// The code and own tag values of each coding in `ids` (of every coding
/// with `None`), as `each(coding, code, values)`; a coding not in the
/// project is left out. What derived data keeps of a coding that changed
/// only its code or tags (the search's coding table, the analysis facts).
pub(crate) fn codes_and_own_tags(
    conn: &Connection,
    ids: Option<&[CodingId]>,
    mut each: impl FnMut(CodingId, CodeId, Vec<TagValueId>),
) -> Result<()> {
    // Two flat reads, the codings and their tags, rather than one with a
    // subquery per coding (a third less time for 8,000 codings).
    let (codings, tags) = match ids {
        Some(_) => (
            "SELECT c.id, c.code_id FROM json_each(?1) e JOIN codings c ON c.id = e.value",
            "SELECT t.coding_id, t.value_id FROM json_each(?1) e JOIN coding_tags t ON t.coding_id = e.value",
        ),
        None => (
            "SELECT id, code_id FROM codings",
            "SELECT coding_id, value_id FROM coding_tags",
        ),
    };
    let list = ids.map(serde_json::to_string).transpose()?;
    let args: &[&dyn ToSql] = match &list {
        Some(list) => &[list],
        None => &[],
    };
    let mut found: HashMap<CodingId, (CodeId, Vec<TagValueId>)> = HashMap::new();
    let mut order: Vec<CodingId> = Vec::new();
    let mut stmt = conn.prepare_cached(codings)?;
    for row in stmt.query_map(args, |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (id, code): (CodingId, CodeId) = row?;
        if found.insert(id, (code, Vec::new())).is_none() {
            order.push(id);
        }
    }
    let mut stmt = conn.prepare_cached(tags)?;
    for row in stmt.query_map(args, |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (id, value): (CodingId, TagValueId) = row?;
        if let Some((_, values)) = found.get_mut(&id) {
            values.push(value);
        }
    }
    for id in order {
        if let Some((code, mut values)) = found.remove(&id) {
            // In the order of their ids, however the rows were read.
            values.sort_unstable();
            values.dedup();
            each(id, code, values);
        }
    }
    Ok(())
}

/// A coding about to move: its code, (document, start, end, coder), and
/// its twin on the code it moves to.
struct Moving {
    from: CodeId,
    span: (DocumentId, i64, i64, CoderId),
    twin: Option<CodingId>,
}

/// Moves one coding to `to` (see [`move_codings`]), looking up its twin.
fn move_one(tx: &Tx, id: CodingId, to: CodeId) -> Result<()> {
    let (from, doc, start, end, coder): (CodeId, DocumentId, i64, i64, CoderId) = tx
        .prepare_cached(
            "SELECT code_id, document_id, start, \"end\", coder_id FROM codings WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?
        .ok_or_else(|| Error::unknown("coding", id))?;
    let twin: Option<CodingId> = tx
        .prepare_cached(
            "SELECT id FROM codings WHERE document_id = ?1 AND start = ?2 AND \"end\" = ?3 AND code_id = ?4 AND coder_id = ?5",
        )?
        .query_row(params![doc, start, end, to, coder], |r| r.get(0))
        .optional()?;
    if let Some(twin) = twin {
        return join_twin(tx, id, from, twin, to, &tags::dimension_multi(tx)?);
    }
    let to_dims = by_dimension(&tags::code_defaults(tx, to)?);
    let mine = tags::coding_own_tags(tx, id)?;
    for (dim, values) in &by_dimension(&tags::code_defaults(tx, from)?) {
        if mine.iter().any(|(d, _)| d == dim) || to_dims.get(dim) == Some(values) {
            continue;
        }
        for v in values {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO coding_tags(coding_id, value_id) VALUES (?1, ?2)",
            )?
            .execute(params![id, v])?;
        }
    }
    tx.execute(
        "UPDATE codings SET code_id = ?1 WHERE id = ?2",
        params![to, id],
    )?;
    Ok(())
}

/// Joins coding `id` (of code `from`) into its twin on `to`: the twin takes
/// both codings' effective tags, the coding's memos, quote-set places and
/// pins, and the coding is deleted (see [`move_codings`]).
fn join_twin(
    tx: &Tx,
    id: CodingId,
    from: CodeId,
    twin: CodingId,
    to: CodeId,
    multi: &HashMap<DimensionId, bool>,
) -> Result<()> {
    let mut insert_tag = tx
        .prepare_cached("INSERT OR IGNORE INTO coding_tags(coding_id, value_id) VALUES (?1, ?2)")?;
    let mine = effective_by_dimension(tx, id, from)?;
    let theirs_own = tags::coding_own_tags(tx, twin)?;
    let theirs = effective_by_dimension(tx, twin, to)?;
    for (dim, m) in &mine {
        let united: Vec<TagValueId> = match theirs.get(dim) {
            Some(t) if !multi.get(dim).copied().unwrap_or(true) => t.clone(),
            Some(t) => t
                .iter()
                .chain(m.iter().filter(|v| !t.contains(v)))
                .copied()
                .collect(),
            None => m.clone(),
        };
        // Unchanged and inherited: it stays inherited.
        let own_here = theirs_own.iter().any(|(d, _)| d == dim);
        if !own_here && theirs.get(dim) == Some(&united) {
            continue;
        }
        for v in united {
            insert_tag.execute(params![twin, v])?;
        }
    }
    tx.execute(
        "UPDATE memos SET coding_id = ?1 WHERE coding_id = ?2",
        params![twin, id],
    )?;
    tx.execute(
        "UPDATE quote_set_items AS t SET note = t.note || char(10) || char(10) || m.note
         FROM quote_set_items AS m
         WHERE t.coding_id = ?1 AND m.coding_id = ?2 AND m.quote_set_id = t.quote_set_id
           AND m.note <> '' AND m.note <> t.note AND t.note <> ''",
        params![twin, id],
    )?;
    tx.execute(
        "UPDATE quote_set_items AS t SET note = m.note
         FROM quote_set_items AS m
         WHERE t.coding_id = ?1 AND m.coding_id = ?2 AND m.quote_set_id = t.quote_set_id
           AND t.note = ''",
        params![twin, id],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO quote_set_items(quote_set_id, coding_id, position, note)
         SELECT quote_set_id, ?1, position, note FROM quote_set_items WHERE coding_id = ?2",
        params![twin, id],
    )?;
    super::examples::rejoin(tx, id, twin)?;
    tx.execute("DELETE FROM codings WHERE id = ?1", [id])?;
    Ok(())
}

impl Project {
    /// A coding by id.
    pub fn coding(&self, id: CodingId) -> Result<Coding> {
        get(&self.conn, id)
    }

    /// The codings `ids` that exist, with their own and effective tags, read
    /// together (in no particular order).
    pub fn codings_by_ids(&self, ids: &[CodingId]) -> Result<Vec<Coding>> {
        let list = serde_json::to_string(ids)?;
        load(
            &self.conn,
            "c.id IN (SELECT value FROM json_each(?1))",
            &[&list],
            "c.id",
        )
    }

    /// All codings of a document, in text order.
    pub fn codings_in_document(&self, doc: DocumentId) -> Result<Vec<Coding>> {
        load(
            &self.conn,
            "c.document_id = ?1",
            &[&doc],
            "c.start, c.\"end\"",
        )
    }

    /// The codings of several documents (a page of survey answers), in one
    /// pass, in each document's order.
    pub fn codings_in_documents(
        &self,
        docs: &[DocumentId],
    ) -> Result<HashMap<DocumentId, Vec<Coding>>> {
        let ids = serde_json::to_string(&docs.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        let mut out: HashMap<DocumentId, Vec<Coding>> = HashMap::new();
        for c in load(
            &self.conn,
            "c.document_id IN (SELECT value FROM json_each(?1))",
            &[&ids],
            "c.document_id, c.start, c.\"end\"",
        )? {
            out.entry(c.document_id).or_default().push(c);
        }
        Ok(out)
    }

    /// All codings of a code, optionally with the codes below it, in
    /// document order.
    pub fn codings_of_code(&self, code: CodeId, with_descendants: bool) -> Result<Vec<Coding>> {
        codes::get(&self.conn, code)?;
        if with_descendants {
            load(
                &self.conn,
                "c.code_id IN (WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT k.id FROM codes k JOIN sub ON k.parent_id = sub.id) SELECT id FROM sub)",
                &[&code],
                "c.document_id, c.start",
            )
        } else {
            load(
                &self.conn,
                "c.code_id = ?1",
                &[&code],
                "c.document_id, c.start",
            )
        }
    }

    /// Codes `[start, end)` of a document with a code. Coding a span that the
    /// same coder already coded with the same code returns that coding (and
    /// adds any tags given); it is never duplicated.
    pub fn code_span(&mut self, by: CoderId, span: CodeSpan) -> Result<CodingId> {
        self.write(by, "code_span", UndoMode::Undoable, |tx| {
            let mut change = insert(tx, &span)?;
            change.summary = format!("C{}", &change.summary[1..]);
            Ok(change)
        })
    }

    /// Codes many spans as one operation (accepting a batch of suggestions,
    /// say): all of them or none, one history entry, one undo step.
    pub fn code_spans(&mut self, by: CoderId, spans: Vec<CodeSpan>) -> Result<Vec<CodingId>> {
        self.write(by, "code_spans", UndoMode::Undoable, |tx| {
            let ids = spans
                .iter()
                .map(|s| insert(tx, s).map(|c| c.value))
                .collect::<Result<Vec<_>>>()?;
            Ok(Change::new(
                ids.clone(),
                format!("Coded {} spans", ids.len()),
                json!({ "codings": ids.len() }),
            ))
        })
    }

    /// Creates a code and codes a span with it, as one operation (the
    /// quick-code popover's "create and apply").
    pub fn code_span_with_new_code(
        &mut self,
        by: CoderId,
        new_code: super::NewCode,
        document_id: DocumentId,
        start: usize,
        end: usize,
        tags: Vec<TagValueId>,
    ) -> Result<(CodeId, CodingId)> {
        self.write(by, "code_span_with_new_code", UndoMode::Undoable, |tx| {
            let code_id = codes::insert(tx, &new_code)?;
            let change = insert(
                tx,
                &CodeSpan {
                    document_id,
                    start,
                    end,
                    code_id,
                    tags,
                },
            )?;
            Ok(Change::new(
                (code_id, change.value),
                format!(
                    "Created code \"{}\" and {}",
                    new_code.name.trim(),
                    change.summary
                ),
                json!({ "code": code_id, "coding": change.value, "span": change.details }),
            ))
        })
    }

    /// Removes a coding (with its own tags and memos).
    ///
    /// A coding quoted in quote sets goes from them too only when
    /// `also_from_quote_sets` says so; otherwise the call fails with
    /// [`Error::CodingInQuoteSet`] naming them, and nothing changes (a
    /// chapter never loses a quote silently). Undo brings both back.
    pub fn uncode(
        &mut self,
        by: CoderId,
        coding: CodingId,
        also_from_quote_sets: bool,
    ) -> Result<()> {
        self.write(by, "uncode", UndoMode::Undoable, |tx| {
            let c = get(tx, coding)?;
            let code = codes::get(tx, c.code_id)?;
            let sets = super::quote_sets::sets_with(tx, coding)?;
            if !sets.is_empty() && !also_from_quote_sets {
                return Err(Error::CodingInQuoteSet {
                    sets: sets.into_iter().map(|(_, n)| n).collect(),
                });
            }
            tx.execute("DELETE FROM codings WHERE id = ?1", [coding])?;
            Ok(Change::new(
                (),
                format!("Removed coding {}–{} with \"{}\"", c.start, c.end, code.name),
                json!({ "coding": coding, "document": c.document_id, "code": c.code_id, "start": c.start, "end": c.end }),
            ))
        })
    }

    /// The coding of `code` on exactly `[start, end)` of `doc` by `coder`, if any.
    pub fn find_coding(
        &self,
        doc: DocumentId,
        start: usize,
        end: usize,
        code: CodeId,
        coder: CoderId,
    ) -> Result<Option<CodingId>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM codings WHERE document_id = ?1 AND start = ?2 AND \"end\" = ?3 AND code_id = ?4 AND coder_id = ?5",
                params![doc, start as i64, end as i64, code, coder],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Replaces a coding's own values in one dimension (an empty list falls
    /// back to the code's defaults).
    pub fn set_coding_tags(
        &mut self,
        by: CoderId,
        coding: CodingId,
        dimension: DimensionId,
        values: Vec<TagValueId>,
    ) -> Result<()> {
        self.write(by, "set_coding_tags", UndoMode::Undoable, |tx| {
            get(tx, coding)?;
            for v in &values {
                let of = tags::value(tx, *v)?.dimension_id;
                if of != dimension {
                    return Err(Error::WrongDimension {
                        dimension: tags::dimension_name(tx, dimension)?,
                        value_dimension: tags::dimension_name(tx, of)?,
                    });
                }
            }
            tags::check_values(tx, &values)?;
            tx.execute(
                "DELETE FROM coding_tags WHERE coding_id = ?1 AND value_id IN (SELECT id FROM tag_values WHERE dimension_id = ?2)",
                params![coding, dimension],
            )?;
            for v in &values {
                tx.execute(
                    "INSERT INTO coding_tags(coding_id, value_id) VALUES (?1, ?2)",
                    params![coding, v],
                )?;
            }
            let name = tags::dimension_name(tx, dimension)?;
            Ok(Change::new(
                (),
                format!("Set {name} of a coding"),
                json!({ "coding": coding, "dimension": dimension, "values": values }),
            ))
        })
    }

    /// Toggles one tag on a coding, as the coding keys do: in a single-valued
    /// dimension (Nivå) the value replaces the coding's current one (or is
    /// removed if it is the current one); in a multi-valued dimension
    /// (Fokusområde) it is added or removed. A coding that inherited the
    /// dimension from its code starts from those inherited values.
    pub fn toggle_coding_tag(
        &mut self,
        by: CoderId,
        coding: CodingId,
        value: TagValueId,
    ) -> Result<Vec<TagValueId>> {
        self.write(by, "toggle_coding_tag", UndoMode::Undoable, |tx| {
            let c = get(tx, coding)?;
            let v = tags::value(tx, value)?;
            let multi = tags::dimension_multi(tx)?.get(&v.dimension_id).copied().unwrap_or(true);
            let current: Vec<TagValueId> = effective_by_dimension(tx, coding, c.code_id)?
                .remove(&v.dimension_id)
                .unwrap_or_default();
            let next: Vec<TagValueId> = if current.contains(&value) {
                current.into_iter().filter(|x| *x != value).collect()
            } else if multi {
                current.into_iter().chain([value]).collect()
            } else {
                vec![value]
            };
            tx.execute(
                "DELETE FROM coding_tags WHERE coding_id = ?1 AND value_id IN (SELECT id FROM tag_values WHERE dimension_id = ?2)",
                params![coding, v.dimension_id],
            )?;
            for x in &next {
                tx.execute("INSERT INTO coding_tags(coding_id, value_id) VALUES (?1, ?2)", params![coding, x])?;
            }
            let on = next.contains(&value);
            Ok(Change::new(
                get(tx, coding)?.tags,
                format!("{} tag {} on a coding", if on { "Set" } else { "Cleared" }, v.label),
                json!({ "coding": coding, "value": value, "on": on }),
            ))
        })
    }
}

/// Inserts a coding (or tags an identical existing one). Shared by the
/// coding operations.
fn insert(tx: &Tx, span: &CodeSpan) -> Result<Change<CodingId>> {
    let code = codes::get(tx, span.code_id)?;
    let (doc_name, char_count) = documents::name_and_length(tx, span.document_id)?;
    if span.start >= span.end {
        return Err(Error::EmptySpan {
            start: span.start,
            end: span.end,
        });
    }
    if span.end > char_count {
        return Err(Error::OutOfRange {
            what: "span end",
            value: span.end,
            limit: char_count,
        });
    }
    tags::check_values(tx, &span.tags)?;
    let existing: Option<CodingId> = tx
        .prepare_cached(
            "SELECT id FROM codings WHERE document_id = ?1 AND start = ?2 AND \"end\" = ?3 AND code_id = ?4 AND coder_id = ?5",
        )?
        .query_row(
            params![span.document_id, span.start as i64, span.end as i64, span.code_id, tx.by],
            |r| r.get(0),
        )
        .optional()?;
    let id = match existing {
        Some(id) => id,
        None => {
            let id = CodingId::new();
            let text = documents::text_range(tx, span.document_id, span.start, span.end)?;
            tx.prepare_cached(
                "INSERT INTO codings(id, document_id, start, \"end\", code_id, coder_id, created_at, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                span.document_id,
                span.start as i64,
                span.end as i64,
                span.code_id,
                tx.by,
                tx.now,
                text
            ])?;
            id
        }
    };
    for value in &span.tags {
        let v = tags::value(tx, *value)?;
        let multi = tags::dimension_multi(tx)?
            .get(&v.dimension_id)
            .copied()
            .unwrap_or(true);
        if !multi {
            tx.prepare_cached(
                "DELETE FROM coding_tags WHERE coding_id = ?1 AND value_id IN (SELECT id FROM tag_values WHERE dimension_id = ?2)",
            )?
            .execute(params![id, v.dimension_id])?;
        }
        tx.prepare_cached(
            "INSERT OR IGNORE INTO coding_tags(coding_id, value_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, value])?;
    }
    Ok(Change::new(
        id,
        format!(
            "coded {}–{} of \"{doc_name}\" with \"{}\"",
            span.start, span.end, code.name
        ),
        json!({ "coding": id, "document": span.document_id, "code": span.code_id, "start": span.start, "end": span.end, "tags": span.tags }),
    ))
}

impl Project {
    /// Codes a span, as [`Project::code_span`], but first snaps it to word
    /// boundaries of the document text (what the coding view does).
    pub fn code_span_snapped(&mut self, by: CoderId, mut span: CodeSpan) -> Result<CodingId> {
        let text = self.document_text(span.document_id)?;
        let (s, e) = crate::text::snap_to_words(&text, span.start, span.end)?;
        span.start = s;
        span.end = e;
        self.code_span(by, span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SteppingClock;
    use crate::model::DocumentKind;
    use crate::storage::{NewCode, NewDimension, NewDocument, NewSource, NewTagValue};
    use chrono::{TimeZone, Utc};
    use std::sync::Arc;

    /// A project with one document, a single-valued "niva" dimension
    /// (makro, meso, mikro) and a multi-valued "fokus" one (a, b).
    fn project() -> (Project, CoderId, DocumentId) {
        let clock = SteppingClock::starting_at(Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap());
        let mut p = Project::create_in_memory("Test", Arc::new(clock)).unwrap();
        let by = p.ensure_throwaway_coder("Anna").unwrap();
        let values = |keys: &[&str]| {
            keys.iter()
                .map(|k| NewTagValue {
                    key: (*k).into(),
                    label: (*k).into(),
                    ..Default::default()
                })
                .collect()
        };
        for (key, multi, keys) in [
            ("niva", false, &["makro", "meso", "mikro"][..]),
            ("fokus", true, &["a", "b"][..]),
        ] {
            p.create_dimension(
                by,
                NewDimension {
                    key: key.into(),
                    name: key.into(),
                    multi,
                    definition: String::new(),
                    values: values(keys),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        let doc = NewDocument {
            name: "fg1".into(),
            kind: DocumentKind::FocusGroup,
            text: "Vi samverkar med kommunen varje vecka och det fungerar väl.".into(),
            turns: vec![],
            case: None,
            question: None,
            attributes: vec![],
        };
        let source = NewSource {
            file_name: "fg1.txt".into(),
            sha256: "sha-fg1".into(),
            format: "txt".into(),
        };
        let doc = p.import(by, source, vec![doc]).unwrap().documents[0];
        (p, by, doc)
    }

    #[test]
    fn moving_a_subset_moves_only_it_keeping_effective_tags_and_joining_twins() {
        let (mut p, by, doc) = project();
        let tag = |p: &Project, dim: &str, key: &str| p.find_tag_value(Some(dim), key).unwrap().id;
        let (makro, meso, mikro) = (
            tag(&p, "niva", "makro"),
            tag(&p, "niva", "meso"),
            tag(&p, "niva", "mikro"),
        );
        let (a, b) = (tag(&p, "fokus", "a"), tag(&p, "fokus", "b"));
        let new_code = |name: &str, default_tags: Vec<TagValueId>| NewCode {
            name: name.into(),
            default_tags,
            ..Default::default()
        };
        let from = p.create_code(by, new_code("Från", vec![meso, a])).unwrap();
        let to = p.create_code(by, new_code("Till", vec![mikro, a])).unwrap();
        let code = |p: &mut Project, code_id, start, tags| {
            p.code_span(
                by,
                CodeSpan {
                    document_id: doc,
                    start,
                    end: start + 5,
                    code_id,
                    tags,
                },
            )
            .unwrap()
        };
        let inherits = code(&mut p, from, 0, vec![]);
        let own_level = code(&mut p, from, 10, vec![makro]);
        let stays = code(&mut p, from, 20, vec![]);
        let joins = code(&mut p, from, 30, vec![b]);
        let twin = code(&mut p, to, 30, vec![]);
        let set = p.create_quote_set(by, "Kapitel").unwrap();
        p.add_to_quote_set(by, set, joins, "källans not", None)
            .unwrap();
        p.add_to_quote_set(by, set, twin, "", None).unwrap();
        p.write_memo(by, crate::MemoTarget::Coding(joins), "", "memo")
            .unwrap();
        let before = |id| p.coding(id).unwrap().tags;
        let (t_inherits, t_own) = (before(inherits), before(own_level));

        let subset = [inherits, own_level, joins, inherits];
        let moved = p
            .write(by, "move_codings", UndoMode::Undoable, |tx| {
                Ok(Change::new(
                    move_codings(tx, &subset, to)?,
                    "moved",
                    json!({}),
                ))
            })
            .unwrap();

        assert_eq!(moved, 3, "each coding of the subset once");
        for (id, tags) in [(inherits, &t_inherits), (own_level, &t_own)] {
            let c = p.coding(id).unwrap();
            assert_eq!(c.code_id, to);
            let (mut got, mut want) = (c.tags.clone(), tags.clone());
            got.sort();
            want.sort();
            assert_eq!(got, want, "effective tags kept");
        }
        assert_eq!(
            p.coding(inherits).unwrap().own_tags,
            vec![meso],
            "only the level differed"
        );
        assert_eq!(
            p.coding(stays).unwrap().code_id,
            from,
            "not in the subset: not moved"
        );
        assert!(p.coding(joins).is_err(), "the twin took its place");
        let joined = p.coding(twin).unwrap();
        let mut tags = joined.tags.clone();
        tags.sort();
        let mut want = vec![mikro, a, b];
        want.sort();
        assert_eq!(tags, want, "focus areas united, the twin's level kept");
        assert_eq!(p.memos(crate::MemoTarget::Coding(twin)).unwrap().len(), 1);
        let note: String = p
            .connection()
            .query_row(
                "SELECT note FROM quote_set_items WHERE quote_set_id = ?1 AND coding_id = ?2",
                params![set, twin],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(note, "källans not", "the note moved onto the twin");
    }
}
