//! Quote sets: named, ordered lists of codings with a note each, for
//! writing report chapters.

use super::{Change, Project, UndoMode};
use crate::error::{Error, Result};
use crate::ids::{CoderId, CodingId, QuoteSetId};
use crate::model::{QuoteSet, QuoteSetItem};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

fn items(conn: &Connection, set: QuoteSetId) -> Result<Vec<QuoteSetItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coding_id, note FROM quote_set_items WHERE quote_set_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([set], |r| {
        Ok(QuoteSetItem {
            coding_id: r.get(0)?,
            note: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn write_order(conn: &Connection, set: QuoteSetId, order: &[QuoteSetItem]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE quote_set_items SET position = ?1 WHERE quote_set_id = ?2 AND coding_id = ?3 AND position <> ?1",
    )?;
    for (i, item) in order.iter().enumerate() {
        stmt.execute(params![i as i64, set, item.coding_id])?;
    }
    Ok(())
}

fn name_of(conn: &Connection, set: QuoteSetId) -> Result<String> {
    conn.query_row("SELECT name FROM quote_sets WHERE id = ?1", [set], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::unknown("quote set", set))
}

impl Project {
    /// All quote sets with their items.
    pub fn quote_sets(&self) -> Result<Vec<QuoteSet>> {
        let sets: Vec<(QuoteSetId, String)> = self
            .conn
            .prepare("SELECT id, name FROM quote_sets ORDER BY created_at, name")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        sets.into_iter()
            .map(|(id, name)| {
                Ok(QuoteSet {
                    id,
                    name,
                    items: items(&self.conn, id)?,
                })
            })
            .collect()
    }

    /// Creates an empty quote set.
    pub fn create_quote_set(&mut self, by: CoderId, name: &str) -> Result<QuoteSetId> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::NameRequired { what: "quote set" });
        }
        self.write(by, "create_quote_set", UndoMode::Undoable, |tx| {
            let id = QuoteSetId::new();
            tx.execute(
                "INSERT INTO quote_sets(id, name, created_at, created_by) VALUES (?1, ?2, ?3, ?4)",
                params![id, name, tx.now, tx.by],
            )?;
            Ok(Change::new(
                id,
                format!("Created quote set \"{name}\""),
                json!({ "quote_set": id, "name": name }),
            ))
        })
    }

    /// Adds a coding to a quote set at `position` (the end when `None`); a
    /// coding already in the set has its note updated and is moved there.
    pub fn add_to_quote_set(
        &mut self,
        by: CoderId,
        set: QuoteSetId,
        coding: CodingId,
        note: &str,
        position: Option<usize>,
    ) -> Result<()> {
        self.write(by, "add_to_quote_set", UndoMode::Undoable, |tx| {
            let name = name_of(tx, set)?;
            self_check_coding(tx, coding)?;
            let mut order: Vec<QuoteSetItem> = items(tx, set)?.into_iter().filter(|i| i.coding_id != coding).collect();
            tx.execute("DELETE FROM quote_set_items WHERE quote_set_id = ?1 AND coding_id = ?2", params![set, coding])?;
            let at = position.unwrap_or(order.len()).min(order.len());
            tx.execute(
                "INSERT INTO quote_set_items(quote_set_id, coding_id, position, note) VALUES (?1, ?2, ?3, ?4)",
                params![set, coding, at as i64, note],
            )?;
            order.insert(at, QuoteSetItem { coding_id: coding, note: note.to_owned() });
            write_order(tx, set, &order)?;
            Ok(Change::new((), format!("Added a quote to \"{name}\""), json!({ "quote_set": set, "coding": coding, "position": at })))
        })
    }

    /// Removes a coding from a quote set.
    pub fn remove_from_quote_set(
        &mut self,
        by: CoderId,
        set: QuoteSetId,
        coding: CodingId,
    ) -> Result<()> {
        self.write(by, "remove_from_quote_set", UndoMode::Undoable, |tx| {
            let name = name_of(tx, set)?;
            let n = tx.execute(
                "DELETE FROM quote_set_items WHERE quote_set_id = ?1 AND coding_id = ?2",
                params![set, coding],
            )?;
            if n == 0 {
                return Err(Error::NotInQuoteSet { set: name });
            }
            write_order(tx, set, &items(tx, set)?)?;
            Ok(Change::new(
                (),
                format!("Removed a quote from \"{name}\""),
                json!({ "quote_set": set, "coding": coding }),
            ))
        })
    }

    /// Renames a quote set.
    pub fn rename_quote_set(&mut self, by: CoderId, set: QuoteSetId, name: &str) -> Result<()> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::NameRequired { what: "quote set" });
        }
        self.write(by, "rename_quote_set", UndoMode::Undoable, |tx| {
            let old = name_of(tx, set)?;
            tx.execute(
                "UPDATE quote_sets SET name = ?1 WHERE id = ?2",
                params![name, set],
            )?;
            Ok(Change::new(
                (),
                format!("Renamed quote set \"{old}\" to \"{name}\""),
                json!({ "quote_set": set, "name": name }),
            ))
        })
    }
}

fn self_check_coding(conn: &Connection, coding: CodingId) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM codings WHERE id = ?1)",
        [coding],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(Error::unknown("coding", coding))
    }
}
