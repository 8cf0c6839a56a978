//! Quote sets: named, ordered lists of codings for writing report chapters,
//! one per chapter or section. A quote keeps a note, can be trimmed to parts
//! of its coding's span (the coding itself stays as it is) and can carry an
//! attribution template of its own.

use super::{Change, Project, UndoMode};
use crate::error::{Error, Result};
use crate::ids::{CoderId, CodingId, QuoteSetId};
use crate::model::{QuoteSet, QuoteSetItem};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

fn items(conn: &Connection, set: QuoteSetId) -> Result<Vec<QuoteSetItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coding_id, note, parts, attribution FROM quote_set_items
          WHERE quote_set_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([set], |r| {
        Ok((
            r.get::<_, CodingId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (coding_id, note, parts, attribution) = row?;
        out.push(QuoteSetItem {
            coding_id,
            note,
            parts: parts.map(|p| serde_json::from_str(&p)).transpose()?,
            attribution,
        });
    }
    Ok(out)
}

/// Writes the positions of `order` (only the rows whose position changes,
/// so the undo log holds no more than the move).
fn write_order(conn: &Connection, set: QuoteSetId, order: &[CodingId]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE quote_set_items SET position = ?1 WHERE quote_set_id = ?2 AND coding_id = ?3 AND position <> ?1",
    )?;
    for (i, coding) in order.iter().enumerate() {
        stmt.execute(params![i as i64, set, coding])?;
    }
    Ok(())
}

fn write_set_order(conn: &Connection, order: &[QuoteSetId]) -> Result<()> {
    let mut stmt = conn
        .prepare_cached("UPDATE quote_sets SET position = ?1 WHERE id = ?2 AND position <> ?1")?;
    for (i, set) in order.iter().enumerate() {
        stmt.execute(params![i as i64, set])?;
    }
    Ok(())
}

fn set_order(conn: &Connection) -> Result<Vec<QuoteSetId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM quote_sets ORDER BY position, created_at, id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn name_of(conn: &Connection, set: QuoteSetId) -> Result<String> {
    conn.query_row("SELECT name FROM quote_sets WHERE id = ?1", [set], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::unknown("quote set", set))
}

/// The span of a coding, or an error naming it unknown.
fn span_of(conn: &Connection, coding: CodingId) -> Result<(usize, usize)> {
    conn.query_row(
        "SELECT start, \"end\" FROM codings WHERE id = ?1",
        [coding],
        |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
    )
    .optional()?
    .ok_or_else(|| Error::unknown("coding", coding))
}

/// Whether `coding` is in `set`; an error naming the set when it is not.
fn require_item(conn: &Connection, set: QuoteSetId, coding: CodingId) -> Result<String> {
    let name = name_of(conn, set)?;
    let there: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM quote_set_items WHERE quote_set_id = ?1 AND coding_id = ?2)",
        params![set, coding],
        |r| r.get(0),
    )?;
    if there {
        Ok(name)
    } else {
        Err(Error::NotInQuoteSet { set: name })
    }
}

/// Checks the parts a quote is trimmed to against its coding's span: at
/// least one, each non-empty, within the span, in order and apart (parts
/// that touch are one part: there is no omission between them).
pub fn check_parts(parts: &[(usize, usize)], span: (usize, usize)) -> Result<()> {
    let bad = |reason: String| Err(Error::BadExcerpt { reason });
    if parts.is_empty() {
        return bad("no part of the quote is kept".into());
    }
    let mut after = span.0;
    for (i, &(start, end)) in parts.iter().enumerate() {
        if start >= end {
            return bad(format!("part {} is empty ({start}–{end})", i + 1));
        }
        if start < span.0 || end > span.1 {
            return bad(format!(
                "part {} ({start}–{end}) is not within the coding's {}–{}",
                i + 1,
                span.0,
                span.1
            ));
        }
        if i > 0 && start <= after {
            return bad(format!(
                "part {} ({start}–{end}) does not come after the part before it, with a gap",
                i + 1
            ));
        }
        after = end;
    }
    Ok(())
}

impl Project {
    /// All quote sets with their items, in the sets' order.
    pub fn quote_sets(&self) -> Result<Vec<QuoteSet>> {
        let sets: Vec<(QuoteSetId, String, String)> = self
            .conn
            .prepare(
                "SELECT id, name, description FROM quote_sets ORDER BY position, created_at, id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        sets.into_iter()
            .map(|(id, name, description)| {
                Ok(QuoteSet {
                    id,
                    name,
                    description,
                    items: items(&self.conn, id)?,
                })
            })
            .collect()
    }

    /// One quote set with its items.
    pub fn quote_set(&self, set: QuoteSetId) -> Result<QuoteSet> {
        let (name, description) = self
            .conn
            .query_row(
                "SELECT name, description FROM quote_sets WHERE id = ?1",
                [set],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::unknown("quote set", set))?;
        Ok(QuoteSet {
            id: set,
            name,
            description,
            items: items(&self.conn, set)?,
        })
    }

    /// The quote sets that hold `coding`, by id and name, in the sets' order.
    pub fn quote_sets_with(&self, coding: CodingId) -> Result<Vec<(QuoteSetId, String)>> {
        sets_with(&self.conn, coding)
    }

    /// Creates an empty quote set after the others.
    pub fn create_quote_set(&mut self, by: CoderId, name: &str) -> Result<QuoteSetId> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::NameRequired { what: "quote set" });
        }
        self.write(by, "create_quote_set", UndoMode::Undoable, |tx| {
            let id = QuoteSetId::new();
            let position = set_order(tx)?.len() as i64;
            tx.execute(
                "INSERT INTO quote_sets(id, name, created_at, created_by, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, name, tx.now, tx.by, position],
            )?;
            Ok(Change::new(
                id,
                format!("Created quote set \"{name}\""),
                json!({ "quote_set": id, "name": name }),
            ))
        })
    }

    /// Deletes a quote set with its items (the codings stay).
    pub fn delete_quote_set(&mut self, by: CoderId, set: QuoteSetId) -> Result<()> {
        self.write(by, "delete_quote_set", UndoMode::Undoable, |tx| {
            let name = name_of(tx, set)?;
            let n = items(tx, set)?.len();
            tx.execute("DELETE FROM quote_sets WHERE id = ?1", [set])?;
            write_set_order(tx, &set_order(tx)?)?;
            Ok(Change::new(
                (),
                format!("Deleted quote set \"{name}\" ({n} quotes)"),
                json!({ "quote_set": set, "name": name, "quotes": n }),
            ))
        })
    }

    /// Moves a quote set to `position` among the sets.
    pub fn move_quote_set(&mut self, by: CoderId, set: QuoteSetId, position: usize) -> Result<()> {
        self.write(by, "move_quote_set", UndoMode::Undoable, |tx| {
            let name = name_of(tx, set)?;
            let mut order: Vec<QuoteSetId> =
                set_order(tx)?.into_iter().filter(|s| *s != set).collect();
            let at = position.min(order.len());
            order.insert(at, set);
            write_set_order(tx, &order)?;
            Ok(Change::new(
                (),
                format!("Moved quote set \"{name}\" to place {}", at + 1),
                json!({ "quote_set": set, "position": at }),
            ))
        })
    }

    /// Adds a coding to a quote set at `position` (the end when `None`); a
    /// coding already in the set is moved there and keeps its note, trim and
    /// attribution (its note is replaced only by a non-empty `note`).
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
            span_of(tx, coding)?;
            let current = items(tx, set)?;
            let there = current.iter().any(|i| i.coding_id == coding);
            let mut order: Vec<CodingId> = current
                .iter()
                .map(|i| i.coding_id)
                .filter(|c| *c != coding)
                .collect();
            let at = position.unwrap_or(order.len()).min(order.len());
            if there {
                if !note.trim().is_empty() {
                    tx.execute(
                        "UPDATE quote_set_items SET note = ?3 WHERE quote_set_id = ?1 AND coding_id = ?2",
                        params![set, coding, note],
                    )?;
                }
            } else {
                tx.execute(
                    "INSERT INTO quote_set_items(quote_set_id, coding_id, position, note) VALUES (?1, ?2, ?3, ?4)",
                    params![set, coding, at as i64, note],
                )?;
            }
            order.insert(at, coding);
            write_order(tx, set, &order)?;
            Ok(Change::new(
                (),
                format!("Added a quote to \"{name}\""),
                json!({ "quote_set": set, "coding": coding, "position": at }),
            ))
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
            let name = require_item(tx, set, coding)?;
            tx.execute(
                "DELETE FROM quote_set_items WHERE quote_set_id = ?1 AND coding_id = ?2",
                params![set, coding],
            )?;
            let order: Vec<CodingId> = items(tx, set)?.into_iter().map(|i| i.coding_id).collect();
            write_order(tx, set, &order)?;
            Ok(Change::new(
                (),
                format!("Removed a quote from \"{name}\""),
                json!({ "quote_set": set, "coding": coding }),
            ))
        })
    }

    /// Moves a quote to `position` within its set.
    pub fn move_in_quote_set(
        &mut self,
        by: CoderId,
        set: QuoteSetId,
        coding: CodingId,
        position: usize,
    ) -> Result<()> {
        self.write(by, "move_in_quote_set", UndoMode::Undoable, |tx| {
            let name = require_item(tx, set, coding)?;
            let mut order: Vec<CodingId> = items(tx, set)?
                .into_iter()
                .map(|i| i.coding_id)
                .filter(|c| *c != coding)
                .collect();
            let at = position.min(order.len());
            order.insert(at, coding);
            write_order(tx, set, &order)?;
            Ok(Change::new(
                (),
                format!("Moved a quote in \"{name}\" to place {}", at + 1),
                json!({ "quote_set": set, "coding": coding, "position": at }),
            ))
        })
    }

    /// Sets the author's note on a quote.
    pub fn set_quote_note(
        &mut self,
        by: CoderId,
        set: QuoteSetId,
        coding: CodingId,
        note: &str,
    ) -> Result<()> {
        self.write(by, "set_quote_note", UndoMode::Undoable, |tx| {
            let name = require_item(tx, set, coding)?;
            tx.execute(
                "UPDATE quote_set_items SET note = ?3 WHERE quote_set_id = ?1 AND coding_id = ?2",
                params![set, coding, note],
            )?;
            Ok(Change::new(
                (),
                format!("Wrote a note on a quote in \"{name}\""),
                json!({ "quote_set": set, "coding": coding }),
            ))
        })
    }

    /// Trims a quote to `parts` of its coding's span (document positions;
    /// the gaps between them are omissions); `None` keeps the whole span.
    /// Each part is snapped to whole words the way a coder's selection is
    /// (a quote never starts or ends inside a word), and parts that then
    /// meet are one. The coding is not changed.
    pub fn trim_quote(
        &mut self,
        by: CoderId,
        set: QuoteSetId,
        coding: CodingId,
        parts: Option<&[(usize, usize)]>,
    ) -> Result<()> {
        self.write(by, "trim_quote", UndoMode::Undoable, |tx| {
            let name = require_item(tx, set, coding)?;
            let span = span_of(tx, coding)?;
            let parts = parts
                .map(|parts| snap_parts(tx, coding, span, parts))
                .transpose()?;
            // Keeping exactly the whole span is no trim.
            let parts = parts.as_deref().filter(|p| *p != [span]);
            if let Some(parts) = parts {
                check_parts(parts, span)?;
            }
            let json = parts.map(serde_json::to_string).transpose()?;
            tx.execute(
                "UPDATE quote_set_items SET parts = ?3 WHERE quote_set_id = ?1 AND coding_id = ?2",
                params![set, coding, json],
            )?;
            Ok(Change::new(
                (),
                match parts {
                    Some(p) => format!("Trimmed a quote in \"{name}\" to {} part(s)", p.len()),
                    None => format!("Restored a quote in \"{name}\" to its whole coding"),
                },
                json!({ "quote_set": set, "coding": coding, "parts": parts }),
            ))
        })
    }

    /// Gives a quote an attribution template of its own (`None`: the
    /// project's again).
    pub fn set_quote_attribution(
        &mut self,
        by: CoderId,
        set: QuoteSetId,
        coding: CodingId,
        template: Option<&str>,
    ) -> Result<()> {
        if let Some(t) = template {
            crate::attribution::check(t)?;
        }
        self.write(by, "set_quote_attribution", UndoMode::Undoable, |tx| {
            let name = require_item(tx, set, coding)?;
            tx.execute(
                "UPDATE quote_set_items SET attribution = ?3 WHERE quote_set_id = ?1 AND coding_id = ?2",
                params![set, coding, template],
            )?;
            Ok(Change::new(
                (),
                format!("Set the attribution of a quote in \"{name}\""),
                json!({ "quote_set": set, "coding": coding, "template": template }),
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

    /// Sets a quote set's description.
    pub fn describe_quote_set(
        &mut self,
        by: CoderId,
        set: QuoteSetId,
        description: &str,
    ) -> Result<()> {
        self.write(by, "describe_quote_set", UndoMode::Undoable, |tx| {
            let name = name_of(tx, set)?;
            tx.execute(
                "UPDATE quote_sets SET description = ?1 WHERE id = ?2",
                params![description.trim(), set],
            )?;
            Ok(Change::new(
                (),
                format!("Described quote set \"{name}\""),
                json!({ "quote_set": set }),
            ))
        })
    }
}

/// `parts` snapped to whole words of the coding's text, in order, parts
/// that overlap or meet joined; a part outside the span is refused as it is.
fn snap_parts(
    conn: &Connection,
    coding: CodingId,
    span: (usize, usize),
    parts: &[(usize, usize)],
) -> Result<Vec<(usize, usize)>> {
    check_within(parts, span)?;
    let text: String = conn.query_row("SELECT text FROM codings WHERE id = ?1", [coding], |r| {
        r.get(0)
    })?;
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(parts.len());
    for (i, &(a, b)) in parts.iter().enumerate() {
        let (a, b) = crate::text::snap_to_words(&text, a - span.0, b - span.0)?;
        if a == b {
            return Err(Error::BadExcerpt {
                reason: format!("part {} holds no words", i + 1),
            });
        }
        out.push((span.0 + a, span.0 + b));
    }
    out.sort_unstable();
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (a, b) in out {
        match joined.last_mut() {
            Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
            _ => joined.push((a, b)),
        }
    }
    Ok(joined)
}

/// Every part within `span` and not empty.
fn check_within(parts: &[(usize, usize)], span: (usize, usize)) -> Result<()> {
    for (i, &(start, end)) in parts.iter().enumerate() {
        if start >= end || start < span.0 || end > span.1 {
            return Err(Error::BadExcerpt {
                reason: format!(
                    "part {} ({start}–{end}) is not a part of the coding's {}–{}",
                    i + 1,
                    span.0,
                    span.1
                ),
            });
        }
    }
    Ok(())
}

/// The quote sets that hold `coding`, by id and name, in the sets' order.
pub(crate) fn sets_with(conn: &Connection, coding: CodingId) -> Result<Vec<(QuoteSetId, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.id, s.name FROM quote_set_items i JOIN quote_sets s ON s.id = i.quote_set_id
              WHERE i.coding_id = ?1 ORDER BY s.position, s.created_at, s.id",
        )?
        .query_map([coding], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::check_parts;
    use crate::error::Error;

    #[test]
    fn parts_must_lie_within_the_span_in_order_and_apart() {
        assert!(check_parts(&[(10, 20)], (10, 40)).is_ok());
        assert!(check_parts(&[(10, 15), (18, 40)], (10, 40)).is_ok());
        for parts in [
            &[][..],
            &[(12, 12)],
            &[(5, 20)],
            &[(10, 41)],
            &[(10, 20), (20, 30)],
            &[(20, 30), (10, 15)],
        ] {
            assert!(
                matches!(check_parts(parts, (10, 40)), Err(Error::BadExcerpt { .. })),
                "{parts:?}"
            );
        }
    }
}
