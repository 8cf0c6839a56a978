//! What the index looks up rather than holds: each coding's code and own
//! tags.
//!
//! An index entry names the codings it holds or lies under (facets
//! `/coding/<id>`), never their codes or tags: those are found here when a
//! search counts or filters (`facets.rs`), through the catalog (a code's
//! path, status and default tags). Moving, merging or splitting codes, or
//! retagging codings, then writes nothing to the index: the sync re-reads
//! the changed codings here, and a merge of a code with thousands of
//! codings costs a query, not the re-indexing of every passage they lie in.

use crate::error::Result;
use crate::ids::{CodeId, CodingId, TagValueId};
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// The code and own tags of every coding, each at a position of its own.
#[derive(Clone, Debug)]
pub(crate) struct CodingTable {
    /// Names this table's positions: a table read anew gives positions
    /// anew, so what was cached by position is dropped.
    pub epoch: u64,
    positions: HashMap<CodingId, u32>,
    rows: Vec<CodingLookup>,
}

/// One coding's code and own tags.
#[derive(Clone, Debug)]
pub(crate) struct CodingLookup {
    /// The code; `None` once the coding is gone.
    pub code: Option<CodeId>,
    /// Its own tag values.
    pub tags: Vec<TagValueId>,
    /// Raised whenever the row changes, so what was worked out from it is
    /// known to be stale.
    pub version: u32,
}

/// Gives each table read a new epoch.
static EPOCHS: AtomicU64 = AtomicU64::new(1);

/// The code and own tags of each coding a query returns (id, code, tags
/// joined by commas).
fn read(
    stmt: &mut rusqlite::Statement,
    params: impl rusqlite::Params,
    mut each: impl FnMut(CodingId, CodeId, Vec<TagValueId>),
) -> Result<()> {
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, CodingId>(0)?,
            r.get::<_, CodeId>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (id, code, tags) = row?;
        let tags = tags
            .unwrap_or_default()
            .split(',')
            .filter_map(|t| t.parse().ok())
            .collect();
        each(id, code, tags);
    }
    Ok(())
}

const SELECT: &str = "SELECT c.id, c.code_id, (SELECT group_concat(value_id) FROM coding_tags t WHERE t.coding_id = c.id) FROM codings c";

impl CodingTable {
    /// Every coding of the project.
    pub fn load(conn: &Connection) -> Result<CodingTable> {
        let mut table = CodingTable {
            epoch: EPOCHS.fetch_add(1, Ordering::Relaxed),
            positions: HashMap::new(),
            rows: Vec::new(),
        };
        let mut stmt = conn.prepare_cached(SELECT)?;
        read(&mut stmt, [], |id, code, tags| {
            table.put(id, Some(code), tags)
        })?;
        Ok(table)
    }

    /// Reads `ids` again: their code and tags as they are now, or gone.
    pub fn refresh<'a>(
        &mut self,
        conn: &Connection,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        let ids: Vec<CodingId> = ids.into_iter().filter_map(|k| k.parse().ok()).collect();
        if ids.is_empty() {
            return Ok(());
        }
        let mut found = Vec::with_capacity(ids.len());
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE c.id IN (SELECT value FROM json_each(?1))"
        ))?;
        read(
            &mut stmt,
            [serde_json::to_string(&ids)?],
            |id, code, tags| found.push((id, code, tags)),
        )?;
        let present: std::collections::HashSet<CodingId> = found.iter().map(|f| f.0).collect();
        for id in ids.into_iter().filter(|id| !present.contains(id)) {
            if self.positions.contains_key(&id) {
                self.put(id, None, Vec::new());
            }
        }
        for (id, code, tags) in found {
            self.put(id, Some(code), tags);
        }
        Ok(())
    }

    fn put(&mut self, id: CodingId, code: Option<CodeId>, tags: Vec<TagValueId>) {
        match self.positions.get(&id) {
            Some(&p) => {
                let row = &mut self.rows[p as usize];
                if row.code != code || row.tags != tags {
                    row.code = code;
                    row.tags = tags;
                    row.version = row.version.wrapping_add(1);
                }
            }
            None => {
                self.positions.insert(id, self.rows.len() as u32);
                self.rows.push(CodingLookup {
                    code,
                    tags,
                    version: 0,
                });
            }
        }
    }

    /// The position of a coding, if the table has it.
    pub fn position(&self, id: CodingId) -> Option<u32> {
        self.positions.get(&id).copied()
    }

    /// The row at a position.
    pub fn at(&self, position: u32) -> &CodingLookup {
        &self.rows[position as usize]
    }

    /// A coding's code, if it exists.
    pub fn code(&self, id: CodingId) -> Option<CodeId> {
        self.position(id).and_then(|p| self.at(p).code)
    }
}
