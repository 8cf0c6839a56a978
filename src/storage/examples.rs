//! Example quotes pinned to a node of the code tree: codings of the node or
//! of a node below it, in an order the team lead chooses, shown with the
//! node's definition.
//!
//! A pin names a coding, so a removed coding drops out of the examples by
//! the foreign key's cascade; operations that move codings between codes
//! (merge, split, deleting a code into its parent) carry the pins along.

use super::{Change, Project, Tx, UndoMode, codes};
use crate::error::{Error, Result};
use crate::ids::{CodeId, CoderId, CodingId};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::HashMap;

/// The codings pinned to `code`, in order.
fn pinned(conn: &Connection, code: CodeId) -> Result<Vec<CodingId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coding_id FROM code_examples WHERE code_id = ?1 ORDER BY position, coding_id",
    )?;
    let rows = stmt.query_map([code], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes the pins of `code` in the order `order` as positions 0, 1, 2 ….
fn write_order(conn: &Connection, code: CodeId, order: &[CodingId]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE code_examples SET position = ?1 WHERE code_id = ?2 AND coding_id = ?3 AND position <> ?1",
    )?;
    for (i, coding) in order.iter().enumerate() {
        stmt.execute(params![i as i64, code, coding])?;
    }
    Ok(())
}

/// How many examples each node has pinned.
pub(super) fn counts(conn: &Connection) -> Result<HashMap<CodeId, usize>> {
    let mut stmt =
        conn.prepare_cached("SELECT code_id, count(*) FROM code_examples GROUP BY code_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves the pins of `from` that name one of `codings` to `to`, after
/// `to`'s own, keeping their order (a split: the codings moved to `to`).
pub(super) fn move_pins(tx: &Tx, from: CodeId, to: CodeId, codings: &[CodingId]) -> Result<()> {
    let moving: Vec<CodingId> = pinned(tx, from)?
        .into_iter()
        .filter(|c| codings.contains(c))
        .collect();
    append(tx, from, to, &moving)
}

/// Moves every pin of `from` to `to`, after `to`'s own, keeping their
/// order; a coding `to` has pinned already keeps its place there (a merge).
pub(super) fn append_pins(tx: &Tx, from: CodeId, to: CodeId) -> Result<()> {
    let moving = pinned(tx, from)?;
    append(tx, from, to, &moving)
}

fn append(tx: &Tx, from: CodeId, to: CodeId, moving: &[CodingId]) -> Result<()> {
    if moving.is_empty() || from == to {
        return Ok(());
    }
    let mut order = pinned(tx, to)?;
    let base = order.len() as i64;
    for (i, coding) in moving.iter().enumerate() {
        if !order.contains(coding) {
            tx.prepare_cached(
                "INSERT INTO code_examples(code_id, coding_id, position) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![to, coding, base + i as i64])?;
            order.push(*coding);
        }
        tx.prepare_cached("DELETE FROM code_examples WHERE code_id = ?1 AND coding_id = ?2")?
            .execute(params![from, coding])?;
    }
    write_order(tx, to, &order)?;
    write_order(tx, from, &pinned(tx, from)?)
}

/// Before the coding `from` is deleted because it joined its twin `into`
/// (a merge): every pin of `from` names `into` instead, in the same place,
/// unless that node has `into` pinned already.
pub(super) fn rejoin(tx: &Tx, from: CodingId, into: CodingId) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT code_id, position FROM code_examples WHERE coding_id = ?1 ORDER BY code_id",
    )?;
    let pins: Vec<(CodeId, i64)> = stmt
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (code, position) in pins {
        tx.prepare_cached("DELETE FROM code_examples WHERE code_id = ?1 AND coding_id = ?2")?
            .execute(params![code, from])?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO code_examples(code_id, coding_id, position) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![code, into, position])?;
        write_order(tx, code, &pinned(tx, code)?)?;
    }
    Ok(())
}

/// The coding's code, if it lies at `code` or below it.
fn check_pinnable(tx: &Tx, code: CodeId, coding: CodingId) -> Result<()> {
    let of: CodeId = tx
        .prepare_cached("SELECT code_id FROM codings WHERE id = ?1")?
        .query_row([coding], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::unknown("coding", coding))?;
    let mut current = Some(of);
    while let Some(c) = current {
        if c == code {
            return Ok(());
        }
        current = codes::get(tx, c)?.parent_id;
    }
    Err(Error::CodingNotOfCode {
        coding: coding.to_string(),
        code: codes::get(tx, code)?.name,
        below: true,
    })
}

/// The error for a coding that is not pinned to `code`.
fn not_pinned(tx: &Tx, code: CodeId, coding: CodingId) -> Result<Error> {
    Ok(Error::NotPinned {
        coding: coding.to_string(),
        code: codes::get(tx, code)?.name,
    })
}

impl Project {
    /// The example quotes pinned to a node, in order.
    pub fn code_examples(&self, code: CodeId) -> Result<Vec<CodingId>> {
        codes::get(&self.conn, code)?;
        pinned(&self.conn, code)
    }

    /// Pins a coding of the node, or of a node below it, as an example
    /// quote, at `position` among its examples (the end when `None`). A
    /// coding of another node is refused ([`Error::CodingNotOfCode`]).
    /// Pinning a coding that is pinned already changes nothing (it stays
    /// where it is; [`Project::move_example`] moves it).
    pub fn pin_example(
        &mut self,
        by: CoderId,
        code: CodeId,
        coding: CodingId,
        position: Option<usize>,
    ) -> Result<()> {
        self.write(by, "pin_example", UndoMode::Undoable, |tx| {
            let node = codes::get(tx, code)?;
            check_pinnable(tx, code, coding)?;
            let mut order = pinned(tx, code)?;
            let mut at = order.iter().position(|c| *c == coding);
            if at.is_none() {
                let i = position.unwrap_or(order.len()).min(order.len());
                tx.prepare_cached(
                    "INSERT INTO code_examples(code_id, coding_id, position) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![code, coding, i as i64])?;
                order.insert(i, coding);
                write_order(tx, code, &order)?;
                at = Some(i);
            }
            Ok(Change::new(
                (),
                format!("Pinned an example quote to \"{}\"", node.name),
                json!({ "code": code, "coding": coding, "position": at }),
            ))
        })
    }

    /// Unpins an example quote of a node (the coding itself stays). A coding
    /// that is not pinned there is refused ([`Error::NotPinned`]).
    pub fn unpin_example(&mut self, by: CoderId, code: CodeId, coding: CodingId) -> Result<()> {
        self.write(by, "unpin_example", UndoMode::Undoable, |tx| {
            let node = codes::get(tx, code)?;
            let mut order = pinned(tx, code)?;
            let Some(i) = order.iter().position(|c| *c == coding) else {
                return Err(not_pinned(tx, code, coding)?);
            };
            tx.prepare_cached("DELETE FROM code_examples WHERE code_id = ?1 AND coding_id = ?2")?
                .execute(params![code, coding])?;
            order.remove(i);
            write_order(tx, code, &order)?;
            Ok(Change::new(
                (),
                format!("Unpinned an example quote of \"{}\"", node.name),
                json!({ "code": code, "coding": coding, "position": i }),
            ))
        })
    }

    /// Moves a pinned example quote to `position` among the node's examples
    /// (the end if beyond it). A coding that is not pinned there is refused
    /// ([`Error::NotPinned`]).
    pub fn move_example(
        &mut self,
        by: CoderId,
        code: CodeId,
        coding: CodingId,
        position: usize,
    ) -> Result<()> {
        self.write(by, "move_example", UndoMode::Undoable, |tx| {
            let node = codes::get(tx, code)?;
            let mut order = pinned(tx, code)?;
            let Some(i) = order.iter().position(|c| *c == coding) else {
                return Err(not_pinned(tx, code, coding)?);
            };
            order.remove(i);
            let at = position.min(order.len());
            order.insert(at, coding);
            write_order(tx, code, &order)?;
            Ok(Change::new(
                (),
                format!(
                    "Moved an example quote of \"{}\" to position {}",
                    node.name,
                    at + 1
                ),
                json!({ "code": code, "coding": coding, "from": i, "to": at }),
            ))
        })
    }
}
