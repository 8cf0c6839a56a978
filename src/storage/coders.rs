//! Coders: the people who code. Identified by id, never by a name string.

use super::{Change, Project, UndoMode, check_color, palette_color};
use crate::error::{Error, Result};
use crate::ids::CoderId;
use crate::model::Coder;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

impl Project {
    /// All coders, by name.
    pub fn coders(&self) -> Result<Vec<Coder>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, color FROM coders ORDER BY name COLLATE NOCASE")?;
        let rows = stmt.query_map([], |r| {
            Ok(Coder {
                id: r.get(0)?,
                name: r.get(1)?,
                color: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The coder with this name (case-insensitive), if any.
    pub fn coder_by_name(&self, name: &str) -> Result<Option<Coder>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, color FROM coders WHERE name = ?1 COLLATE NOCASE",
                [name.trim()],
                |r| {
                    Ok(Coder {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        color: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// The coder with this name, created (with the next palette colour) if
    /// the project has none by that name yet. Creating a coder is recorded in
    /// the history as done by that coder.
    pub fn ensure_coder(&mut self, name: &str) -> Result<CoderId> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::NameRequired { what: "coder" });
        }
        if let Some(c) = self.coder_by_name(name)? {
            return Ok(c.id);
        }
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM coders", [], |r| r.get(0))?;
        let id = CoderId::new();
        let color = palette_color(count as usize);
        // The history entry references the coder, so the row goes in first,
        // inside the same transaction.
        self.write(id, "add_coder", UndoMode::Additive, |tx| {
            tx.execute(
                "INSERT INTO coders(id, name, color, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, name, color, tx.now],
            )?;
            Ok(Change::new(
                id,
                format!("Added coder {name}"),
                json!({ "coder": id, "name": name }),
            ))
        })
    }

    /// Changes a coder's colour.
    pub fn recolor_coder(&mut self, by: CoderId, coder: CoderId, color: &str) -> Result<()> {
        let color = check_color(color)?;
        self.write(by, "recolor_coder", UndoMode::Undoable, |tx| {
            let n = tx.execute(
                "UPDATE coders SET color = ?1 WHERE id = ?2",
                params![color, coder],
            )?;
            if n == 0 {
                return Err(Error::unknown("coder", coder));
            }
            Ok(Change::new(
                (),
                format!("Recoloured coder to {color}"),
                json!({ "coder": coder, "color": color }),
            ))
        })
    }
}
