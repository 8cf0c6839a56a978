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

    /// The coder with this id, if the project has one.
    pub fn coder(&self, id: CoderId) -> Result<Option<Coder>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, color FROM coders WHERE id = ?1",
                [id],
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

    /// The first coder (oldest) with this name, case-insensitive, if any.
    /// Names are not unique: two people with one name on two computers
    /// are two coders.
    pub fn coder_by_name(&self, name: &str) -> Result<Option<Coder>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, color FROM coders WHERE name = ?1 COLLATE NOCASE
                 ORDER BY created_at, id LIMIT 1",
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

    /// The coder with this id (a computer's identity,
    /// [`crate::identity::LocalIdentity::coder`]): created with this name
    /// and the next palette colour if the project has no coder with this
    /// id, renamed if its name changed since. Coders are matched by id
    /// only: a coder of another id with the same name stays another
    /// coder. Creating and renaming are recorded in the history as done by
    /// that coder; neither is undoable, and the undo stack stays as it was
    /// (an undo of this coder's recolouring from before a rename no longer
    /// applies, and is refused as a conflict).
    pub fn ensure_coder(&mut self, id: CoderId, name: &str) -> Result<CoderId> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::NameRequired { what: "coder" });
        }
        match self.coder(id)? {
            Some(c) if c.name == name => Ok(id),
            Some(c) => self.write(id, "rename_coder", UndoMode::Additive, |tx| {
                tx.execute(
                    "UPDATE coders SET name = ?1 WHERE id = ?2",
                    params![name, id],
                )?;
                Ok(Change::new(
                    id,
                    format!("Renamed coder {} to {name}", c.name),
                    json!({ "coder": id, "from": c.name, "name": name }),
                ))
            }),
            None => {
                let count: i64 = self
                    .conn
                    .query_row("SELECT count(*) FROM coders", [], |r| r.get(0))?;
                let color = palette_color(count as usize);
                // The history entry references the coder, so the row goes in
                // first, inside the same transaction.
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
        }
    }

    /// A throwaway coder known by name only, for tests, benchmarks and the
    /// demo project: the oldest coder with this name, or a new one with a
    /// new id. Real coders come from a computer's identity through
    /// [`Project::ensure_coder`].
    pub fn ensure_throwaway_coder(&mut self, name: &str) -> Result<CoderId> {
        match self.coder_by_name(name)? {
            Some(c) => Ok(c.id),
            None => self.ensure_coder(CoderId::new(), name),
        }
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
