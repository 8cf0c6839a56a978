//! Cases: respondents, participants, teams, organisations.

use super::{Change, Project, Tx, UndoMode, attributes};
use crate::error::{Error, Result};
use crate::ids::{CaseId, CoderId};
use crate::model::{Case, CaseKind};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// A case to create or find, with attribute values to set.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewCase {
    /// Name, unique within its kind.
    pub name: String,
    /// Kind.
    pub kind: CaseKind,
    /// Attribute values.
    pub attributes: Vec<attributes::AttributeValue>,
}

pub(super) fn get(conn: &Connection, id: CaseId) -> Result<Case> {
    let mut case = conn
        .prepare_cached("SELECT id, name, kind, parent_id FROM cases WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Case {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                parent_id: r.get(3)?,
                attributes: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| Error::unknown("case", id))?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.name, v.value FROM case_attributes v JOIN attributes a ON a.id = v.attribute_id
         WHERE v.case_id = ?1 ORDER BY a.sort_key",
    )?;
    case.attributes = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(case)
}

/// Finds the case of this kind and name, or creates it; then sets its attributes.
pub(super) fn ensure(tx: &Tx, new: &NewCase) -> Result<(CaseId, bool)> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(Error::NameRequired { what: "case" });
    }
    let existing: Option<CaseId> = tx
        .prepare_cached("SELECT id FROM cases WHERE kind = ?1 AND name = ?2")?
        .query_row(params![new.kind, name], |r| r.get(0))
        .optional()?;
    let (id, created) = match existing {
        Some(id) => (id, false),
        None => {
            let id = CaseId::new();
            tx.prepare_cached(
                "INSERT INTO cases(id, name, kind, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, name, new.kind, tx.now])?;
            (id, true)
        }
    };
    for a in &new.attributes {
        attributes::set_on_case(tx, id, a)?;
    }
    Ok((id, created))
}

impl Project {
    /// A case by id, with its attributes.
    pub fn case(&self, id: CaseId) -> Result<Case> {
        get(&self.conn, id)
    }

    /// All cases, by kind and name, with their attributes.
    pub fn cases(&self) -> Result<Vec<Case>> {
        let ids: Vec<CaseId> = self
            .conn
            .prepare("SELECT id FROM cases ORDER BY kind, name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| get(&self.conn, id)).collect()
    }

    /// Creates a case (or finds the one of that kind and name) and sets its attributes.
    pub fn create_case(&mut self, by: CoderId, new: NewCase) -> Result<CaseId> {
        self.write(by, "create_case", UndoMode::Undoable, |tx| {
            let (id, _) = ensure(tx, &new)?;
            Ok(Change::new(
                id,
                format!("Added case {}", new.name.trim()),
                json!({ "case": id, "name": new.name }),
            ))
        })
    }

    /// Places a case within another (a participant in a team).
    pub fn set_case_parent(
        &mut self,
        by: CoderId,
        case: CaseId,
        parent: Option<CaseId>,
    ) -> Result<()> {
        self.write(by, "set_case_parent", UndoMode::Undoable, |tx| {
            let c = get(tx, case)?;
            let mut up = parent;
            while let Some(p) = up {
                if p == case {
                    let target = match parent {
                        Some(t) => get(tx, t)?.name,
                        None => c.name.clone(),
                    };
                    return Err(Error::WouldCreateCycle {
                        kind: "case",
                        name: c.name,
                        target,
                    });
                }
                up = get(tx, p)?.parent_id;
            }
            tx.execute(
                "UPDATE cases SET parent_id = ?1 WHERE id = ?2",
                params![parent, case],
            )?;
            Ok(Change::new(
                (),
                format!("Placed case {}", c.name),
                json!({ "case": case, "parent": parent }),
            ))
        })
    }
}
