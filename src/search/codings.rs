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
use crate::storage::{CodingsNow, codes_and_own_tags};
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

impl CodingTable {
    /// Every coding of the project.
    pub fn load(conn: &Connection) -> Result<CodingTable> {
        let mut table = CodingTable {
            epoch: EPOCHS.fetch_add(1, Ordering::Relaxed),
            positions: HashMap::new(),
            rows: Vec::new(),
        };
        codes_and_own_tags(conn, None, |id, code, tags| table.put(id, Some(code), tags))?;
        Ok(table)
    }

    /// Takes `ids` as they are now (`now`: a coding not there is gone).
    pub fn refresh(&mut self, ids: &[CodingId], now: &CodingsNow) {
        for id in ids {
            match now.get(id) {
                Some((code, tags)) => self.put(*id, Some(*code), tags.clone()),
                None if self.positions.contains_key(id) => self.put(*id, None, Vec::new()),
                None => {}
            }
        }
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
